namespace MlflowDeploy.Verification;

/// <summary>
/// An MLflow check judged with the server's whole <see cref="MlflowCallSample"/>, not its own last call alone. A
/// warm-up or a blip passes with a note. A server that answers some calls and fails others is "healthy and failing
/// intermittently": pending while the sample is small, failed with the rate it saw once the sample is conclusive,
/// well before the deadline. While no call has been answered yet, the check waits as before.
/// </summary>
public sealed class SampledMlflowCheck(IVerificationCheck inner, MlflowCallSample sample) : IVerificationCheck
{
    public string Name => inner.Name;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = await inner.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var reading = sample.Read();
        if (reading.Verdict is not (MlflowSampleVerdict.Healthy or MlflowSampleVerdict.NothingHealthyYet))
        {
            // Something has answered, so a 502/503 no longer means that nothing is healthy.
            probe = probe with { Detail = probe.Detail.Replace(MlflowFailureProbe.NothingHealthyYet, $"healthy and failing intermittently: {reading.Rate}", StringComparison.Ordinal) };
        }

        if (!probe.IsPending && probe.Status == CheckStatus.Fail)
        {
            return probe;
        }

        return reading.Verdict switch
        {
            MlflowSampleVerdict.Intermittent => Probe.Fail(
                $"healthy and failing intermittently: {reading.Rate} over {DurationText.Human(reading.Span)} — a task behind the load balancer fails while others answer; see ecs.tasks, the target health and the logs",
                probe.Diagnosis),
            MlflowSampleVerdict.Sampling => new Probe(true, CheckStatus.Fail, $"answering, but {reading.Rate} so far", probe.Diagnosis),
            MlflowSampleVerdict.Blip or MlflowSampleVerdict.WarmedUp when !probe.IsPending => probe with { Detail = $"{probe.Detail} (after a blip: {reading.Rate})" },
            // Nothing has answered yet (a load balancer without a healthy target), or all is well: the check's own answer.
            _ => probe,
        };
    }
}

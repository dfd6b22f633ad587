namespace MlflowDeploy.Verification;

/// <summary>
/// A check that waits on the service's tasks. While it is pending and <c>ecs.service</c> has found the rollout
/// failed, it fails instead of waiting: its pending reason stays as the detail, the rollout's failure is added.
/// </summary>
public sealed class RolloutDependentCheck(IVerificationCheck inner, RolloutVerdict verdict) : IVerificationCheck
{
    public string Name => inner.Name;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = await inner.ProbeAsync(cancellationToken).ConfigureAwait(false);
        if (probe.IsPending && verdict.Failure is { } failure)
        {
            return Probe.Fail($"{probe.Detail} — not waiting longer: {EcsServiceCheck.CheckName} found {failure}", probe.Diagnosis);
        }

        return probe;
    }
}

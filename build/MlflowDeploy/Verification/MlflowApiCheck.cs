using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>mlflow.api</c>: the tracking API reaches its backend store — <c>experiments/search</c> answers with the
/// documented JSON. This is the first call that needs the database, so it catches a store the server cannot use.
/// </summary>
public sealed class MlflowApiCheck : IVerificationCheck
{
    public const string CheckName = "mlflow.api";

    private const int PageSize = 100;

    private readonly MlflowClient _client;

    public MlflowApiCheck(MlflowClient client)
    {
        _client = client;
    }

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var page = await _client.SearchExperimentsAsync(PageSize, cancellationToken);
            var inactive = page.Experiments.FirstOrDefault(e => e.LifecycleStage != "active");
            if (inactive is not null)
            {
                return Probe.Fail($"contract breach — experiments/search listed experiment {inactive.ExperimentId} in stage '{inactive.LifecycleStage}'; only active experiments are listed by default");
            }

            var more = page.NextPageToken is null ? string.Empty : " on the first page";
            return Probe.Pass($"experiments/search lists {page.Experiments.Count} active experiment(s){more}");
        }
        catch (MlflowRequestException e)
        {
            return MlflowFailureProbe.From(e, _client.Credentials);
        }
    }
}

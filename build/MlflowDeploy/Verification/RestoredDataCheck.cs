using MlflowDeploy.Backup;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>mlflow.restored-data</c>, only after a Restore (restore.json): the restored server lists at least the
/// experiments it listed when the snapshot was taken. Fewer means the instance came back from another snapshot, or
/// empty. Without a recorded count (MLflow was unreachable at Snapshot time) it skips and says so.
/// </summary>
public sealed class RestoredDataCheck(MlflowClient client, RestoreRecord restore) : IVerificationCheck
{
    public const string CheckName = "mlflow.restored-data";

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (restore.ExperimentCount is not { } expected)
        {
            return Probe.Skip($"snapshot {restore.Snapshot} recorded no experiment count (MLflow was not reachable when it was taken)");
        }

        int found;
        try
        {
            found = await ExperimentCount.OfAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (MlflowRequestException e)
        {
            return MlflowFailureProbe.From(e, client.Credentials);
        }

        return found >= expected
            ? Probe.Pass($"{found} active experiment(s) after restoring {restore.Snapshot}, which recorded {expected}")
            : Probe.Fail(
                $"{found} active experiment(s) after restoring {restore.Snapshot}, but it recorded {expected} when it was taken",
                $"the instance {restore.DbInstance} may not hold the snapshot's data: check its 'restored from' in the RDS console before anyone writes to it");
    }
}

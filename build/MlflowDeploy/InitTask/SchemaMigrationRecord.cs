using MlflowDeploy.Aws;
using MlflowDeploy.DeploymentStatus;

namespace MlflowDeploy.InitTask;

/// <summary>
/// Whether the init task changed the tracking schema, and the mark it leaves for Rollback: <c>mlflow db upgrade</c>
/// runs alembic, which logs <c>Running upgrade &lt;from&gt; -&gt; &lt;to&gt;, &lt;message&gt;</c> for each revision it
/// applies and nothing of the kind when the schema is already current. A migration is marked on the service as
/// pending (<see cref="ReleaseHistory.PendingMigrationKey"/>) with the snapshot taken before it; the Apply that records
/// the release folds the mark into the history. On the first deploy there is no service yet, and nothing to go back to.
/// </summary>
public static class SchemaMigrationRecord
{
    /// <summary>What alembic's <c>alembic.runtime.migration</c> logger prints for each applied revision.</summary>
    public const string UpgradeMarker = "Running upgrade ";

    public static bool Migrated(IReadOnlyList<string> initTaskLines) =>
        initTaskLines.Any(line => line.Contains(UpgradeMarker, StringComparison.Ordinal));

    public static async Task WriteIfMigratedAsync(
        IReadOnlyList<string> initTaskLines, string? snapshot, EcsClient ecs, InitTaskSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        if (!Migrated(initTaskLines))
        {
            log("the init task applied no schema revision: the schema was already current");
            return;
        }

        var mark = snapshot ?? ReleaseHistory.NoSnapshot;
        try
        {
            var service = await ecs.DescribeServiceAsync(settings.Cluster, settings.Service, cancellationToken).ConfigureAwait(false);
            if (service is null || service.Status == "INACTIVE")
            {
                log($"the init task migrated the schema; no service {settings.Service} yet (first deploy): no earlier release to protect");
                return;
            }

            await ecs.TagResourceAsync(service.ServiceArn, new Dictionary<string, string> { [ReleaseHistory.PendingMigrationKey] = mark }, cancellationToken)
                .ConfigureAwait(false);
            log($"the init task migrated the schema: marked on service {settings.Service} ({(snapshot is null ? "no snapshot was taken" : $"snapshot {snapshot}")}); Rollback will not go back past it");
        }
        catch (Exception e) when (e is AwsServiceException or ActionableError)
        {
            // The migration ran and the apply goes on; failing here would leave the old tasks on a migrated schema.
            log($"WARNING: the schema migration was not marked on service {settings.Service} ({e.Message}): Rollback will not know of it — do not roll back past MLflow {settings.MlflowVersion}");
        }
    }
}

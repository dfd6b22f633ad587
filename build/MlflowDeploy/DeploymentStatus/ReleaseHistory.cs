using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.DeploymentStatus;

/// <summary>
/// The releases Rollback chooses from, kept on the ECS service in tags (<see cref="Keys"/>) because CI runners keep
/// nothing between runs: the release running now, the one before it, and whether a schema migration ran since that
/// one (with the snapshot taken before it). The init hook marks a migration it saw as pending
/// (<see cref="PendingMigrationKey"/>); Apply folds the mark into the history when it records the release it applied
/// (<see cref="After"/>). infra/ecs.tf ignores these tags, so they never show as drift.
/// </summary>
public sealed record ReleaseHistory(Release? Current, Release? Previous, string? MigrationSincePrevious, string? PendingMigration)
{
    public const string CurrentKey = "mlflow-deploy:release";
    public const string PreviousKey = "mlflow-deploy:previous-release";

    /// <summary>The snapshot taken before a schema migration that ran since <see cref="Previous"/> (or <see cref="NoSnapshot"/>).</summary>
    public const string MigrationKey = "mlflow-deploy:schema-migration";

    /// <summary>Written by the init hook when the init task migrated the schema; cleared by the Apply that records the release.</summary>
    public const string PendingMigrationKey = "mlflow-deploy:pending-migration";

    /// <summary>The migration mark when no snapshot was taken before it (the version did not change, so the hook took none).</summary>
    public const string NoSnapshot = "no-snapshot";

    /// <summary>Every tag the history writes; infra/ecs.tf must ignore each of them.</summary>
    public static readonly IReadOnlyList<string> Keys = [CurrentKey, PreviousKey, MigrationKey, PendingMigrationKey];

    public static ReleaseHistory Empty { get; } = new(null, null, null, null);

    public static ReleaseHistory FromTags(IReadOnlyDictionary<string, string>? tags) =>
        tags is null
            ? Empty
            : new ReleaseHistory(
                Release.FromTagValue(tags.GetValueOrDefault(CurrentKey)),
                Release.FromTagValue(tags.GetValueOrDefault(PreviousKey)),
                NonEmpty(tags.GetValueOrDefault(MigrationKey)),
                NonEmpty(tags.GetValueOrDefault(PendingMigrationKey)));

    /// <summary>An empty value clears a tag: ECS allows empty values, and an absent release reads as none.</summary>
    public IReadOnlyDictionary<string, string> ToTags() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CurrentKey] = Current?.ToTagValue() ?? "",
        [PreviousKey] = Previous?.ToTagValue() ?? "",
        [MigrationKey] = MigrationSincePrevious ?? "",
        [PendingMigrationKey] = PendingMigration ?? "",
    };

    /// <summary>
    /// The history once <paramref name="applied"/> is recorded. A new release pushes the current one back to previous,
    /// and only a migration of this apply (the pending mark) lies between them; the same release applied again (a
    /// scaling change, a tfvars edit) keeps the previous one, and a pending migration joins the one already recorded.
    /// </summary>
    public ReleaseHistory After(Release applied)
    {
        if (Current is null)
        {
            return new ReleaseHistory(applied, null, PendingMigration, null);
        }

        return Current == applied
            ? new ReleaseHistory(applied, Previous, PendingMigration ?? MigrationSincePrevious, null)
            : new ReleaseHistory(applied, Current, PendingMigration, null);
    }

    /// <summary>
    /// Records the release Apply just applied. Like <see cref="DeployRecord.WriteAsync"/>, a failure is a warning: the
    /// deploy stands, but Rollback refuses until an Apply records its release again (it checks the record against the state).
    /// </summary>
    public static async Task RecordAsync(DeploymentOutputs outputs, EcsClient ecs, Action<string> log, CancellationToken cancellationToken)
    {
        if (Release.Of(outputs) is not { } applied)
        {
            log("WARNING: the release was not recorded: the stack has no mlflow_image output (infra/outputs.tf); Rollback will not know it");
            return;
        }

        if (applied.ToTagValue().Length > Release.MaxTagValueLength)
        {
            log($"WARNING: the release was not recorded: '{applied.ToTagValue()}' is longer than an ECS tag value ({Release.MaxTagValueLength}); Rollback will refuse until a shorter image reference is deployed");
            return;
        }

        try
        {
            var service = await ecs.DescribeServiceAsync(outputs.ClusterName, outputs.ServiceName, cancellationToken).ConfigureAwait(false);
            if (service is null)
            {
                log($"WARNING: the release was not recorded: ECS service '{outputs.ServiceName}' is missing from cluster '{outputs.ClusterName}'");
                return;
            }

            var history = FromTags(service.Tags).After(applied);
            await ecs.TagResourceAsync(service.ServiceArn, history.ToTags(), cancellationToken).ConfigureAwait(false);
            log($"release recorded on the ECS service: {history.Current}" + (history.Previous is { } previous ? $", previous {previous}" : ", no previous release")
                + (history.MigrationSincePrevious is { } migration ? $", schema migrated since (snapshot {migration})" : ""));
        }
        catch (Exception e) when (e is AwsServiceException or ActionableError)
        {
            log($"WARNING: the release was not recorded on ECS service '{outputs.ServiceName}' ({e.Message}); Rollback will refuse until an Apply records one");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using MlflowDeploy.Environments;

namespace MlflowDeploy.DeploymentStatus;

/// <summary>
/// The release Rollback plans, and the <c>--var</c> overrides that plan it: <c>mlflow_version</c>, and the image in the
/// form the stack uses now (<c>mlflow_image_digest</c> for the image repository pinned by digest, else
/// <c>mlflow_image</c>), each only where it differs from what runs. Every reason not to roll back is one line.
/// </summary>
public sealed record RollbackTarget(Release From, Release To, IReadOnlyList<VarOverride> Overrides)
{
    public const string VersionVariable = "mlflow_version";
    public const string DigestVariable = "mlflow_image_digest";
    public const string ImageVariable = "mlflow_image";

    /// <param name="history">The service's release history.</param>
    /// <param name="running">The release terraform's state holds now (its outputs).</param>
    /// <param name="repositoryUrl">The image repository the stack pins digests in (the <c>image_repository_url</c> output).</param>
    /// <param name="environment">For the commands the refusals suggest.</param>
    public static RollbackTarget Choose(ReleaseHistory history, Release? running, string? repositoryUrl, string environment)
    {
        if (running is null)
        {
            throw Refuse("the stack has no mlflow_image output, so the release it runs is unknown — apply the current infra/ first (./build.sh --target=Plan, then Apply), then roll back");
        }

        if (history.Current is not { } current)
        {
            throw Refuse($"no release is recorded on the ECS service (Apply records one from this version of the pipeline on) — roll back with a commit that sets mlflow_version and the image of the release you want");
        }

        if (current != running)
        {
            throw Refuse($"the ECS service records {current} as the running release, but the state holds {running}: the last Apply did not record its release — run Apply again (./build.sh --target=Plan, then Apply) so that the history is right, then roll back");
        }

        if (history.PendingMigration is { } pending)
        {
            throw Refuse($"an init task migrated the schema in an Apply that did not record its release ({Snapshot(pending)}) — the database may be newer than any recorded release; run Apply to finish that deploy, or restore: ./build.sh --target=Restore --snapshot=<id> --environment={environment}");
        }

        if (history.Previous is not { } previous)
        {
            throw Refuse($"only one release is recorded ({current}): there is no previous release to roll back to");
        }

        if (history.MigrationSincePrevious is { } migration)
        {
            throw Refuse(migration == ReleaseHistory.NoSnapshot
                ? $"a schema migration ran since {previous}, and no snapshot was taken before it: MLflow {previous.MlflowVersion} would not start on the newer schema — restore a snapshot from before the migration with mlflow_version {previous.MlflowVersion} in the tfvars (./build.sh --target=Restore --snapshot=<id> --environment={environment})"
                : $"a schema migration ran since {previous}: MLflow {previous.MlflowVersion} would not start on the newer schema — restore snapshot {migration} instead (taken before the migration; later writes are lost): set mlflow_version = \"{previous.MlflowVersion}\" in the tfvars, then ./build.sh --target=Restore --snapshot={migration} --environment={environment}");
        }

        var overrides = new List<VarOverride>();
        if (previous.MlflowVersion != current.MlflowVersion)
        {
            overrides.Add(new VarOverride(VersionVariable, previous.MlflowVersion));
        }

        if (previous.Image != current.Image)
        {
            overrides.Add(ImageOverride(previous, current, repositoryUrl));
        }

        return overrides.Count == 0
            ? throw Refuse($"the previous release is the one running ({current}): there is nothing to roll back")
            : new RollbackTarget(current, previous, overrides);
    }

    private static VarOverride ImageOverride(Release previous, Release current, string? repositoryUrl)
    {
        if (!current.IsPinnedIn(repositoryUrl))
        {
            // The stack runs an explicit mlflow_image now; any reference, the repository's digest form included, fits it.
            return new VarOverride(ImageVariable, previous.Image);
        }

        return previous.IsPinnedIn(repositoryUrl)
            ? new VarOverride(DigestVariable, previous.Digest!)
            : throw Refuse($"the previous release ran the explicit image {previous.Image} (mlflow_image), but the stack now pins its repository by digest (mlflow_image_digest) — roll back with a commit that sets mlflow_image = \"{previous.Image}\" and removes mlflow_image_digest");
    }

    private static string Snapshot(string mark) => mark == ReleaseHistory.NoSnapshot ? "no snapshot was taken" : $"snapshot {mark} was taken before it";

    private static ActionableError Refuse(string why) => new($"Rollback refused: {why}", exitCode: 2);
}

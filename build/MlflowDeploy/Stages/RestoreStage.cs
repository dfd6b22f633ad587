using MlflowDeploy.Backup;
using MlflowDeploy.Environments;
using MlflowDeploy.Review;

namespace MlflowDeploy.Stages;

/// <summary>
/// Plans the database's replacement from a snapshot (<c>--snapshot</c>): a plan like any other — reviewed, with the
/// data-loss warning, its manifest and PR comment — so that Apply refuses it without <c>--allow-data-loss</c> and an
/// approval gate sees it. Writes restore.json for Verify, which then checks the restored data.
/// </summary>
public static class RestoreStage
{
    public static async Task<PlanReviewResult> RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var snapshotId = context.Parameters.Snapshot
            ?? throw new ActionableError("Restore needs the snapshot to restore from — pass --snapshot=<id> (the Snapshot task prints it)", exitCode: 2);
        if (SnapshotName.Problem(snapshotId) is { } problem)
        {
            throw new ActionableError($"--snapshot='{snapshotId}' is not an RDS snapshot identifier: {problem}", exitCode: 2);
        }

        var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
        using var aws = await context.AwsAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
        var snapshot = await aws.Rds.DescribeDbSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionableError($"there is no DB snapshot '{snapshotId}' in {outputs.Region} — check the identifier (the Snapshot task prints it)", exitCode: 2);
        if (snapshot.InstanceIdentifier != outputs.DbInstanceIdentifier)
        {
            throw new ActionableError(
                $"snapshot {snapshotId} was taken of {snapshot.InstanceIdentifier}, not of this environment's {outputs.DbInstanceIdentifier} — Restore takes the environment's own snapshots only",
                exitCode: 2);
        }

        if (!snapshot.IsAvailable)
        {
            throw new ActionableError($"snapshot {snapshotId} is '{snapshot.Status}', not available yet — run Restore once it is", exitCode: 2);
        }

        var experiments = SnapshotRecord.ExperimentCountIn(snapshot.Tags);
        context.Log($"restore of {outputs.DbInstanceIdentifier} from {snapshotId} (taken {snapshot.CreatedAt?.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, "
            + (experiments is { } n ? $"{n} experiment(s) recorded" : "no experiment count recorded") + ")");

        var review = await ReviewedPlan.MakeAsync(
            context, [new VarOverride(RestorePlan.SnapshotVariable, snapshotId)], RestorePlan.Replaced, setByStage: true, cancellationToken).ConfigureAwait(false);
        RestorePlan.EnsureReplacesInstance(review.Summary);
        await new RestoreRecord
        {
            Snapshot = snapshotId,
            DbInstance = outputs.DbInstanceIdentifier,
            SnapshotCreated = snapshot.CreatedAt,
            ExperimentCount = experiments,
            PlannedUtc = DateTimeOffset.UtcNow,
        }.WriteAsync(context.Artifacts.RestoreRecord, cancellationToken).ConfigureAwait(false);

        context.Log($"written: {context.Relative(context.Artifacts.RestoreRecord)}");
        context.Log($"the database is replaced when this plan is applied: ./build.sh --target=Apply --environment={context.Environment.Name} --allow-data-loss, then Verify checks the restored data");
        return review;
    }
}

using MlflowDeploy.Review;

namespace MlflowDeploy.Backup;

/// <summary>
/// How infra/ restores the database: <see cref="SnapshotVariable"/> feeds <c>snapshot_identifier</c> of the instance,
/// which only counts when the instance is created, so Restore also asks for the instance's replacement (and a new
/// incarnation, which names the replacement's own final snapshot).
/// </summary>
public static class RestorePlan
{
    public const string SnapshotVariable = "db_restore_snapshot_identifier";
    public const string DbInstanceAddress = "aws_db_instance.mlflow";
    public const string IncarnationAddress = "terraform_data.db_incarnation";

    public static readonly IReadOnlyList<string> Replaced = [DbInstanceAddress, IncarnationAddress];

    /// <summary>A restore plan that does not replace the instance would restore nothing: one line, before anyone applies it.</summary>
    public static void EnsureReplacesInstance(PlanSummary summary)
    {
        if (!summary.Resources.Any(r => r.Address == DbInstanceAddress && r.Action == PlanAction.Replace))
        {
            throw new ActionableError(
                $"the restore plan does not replace {DbInstanceAddress} — infra/rds.tf must set snapshot_identifier = var.{SnapshotVariable}; the plan was written but restores nothing, do not apply it",
                exitCode: 1);
        }
    }
}

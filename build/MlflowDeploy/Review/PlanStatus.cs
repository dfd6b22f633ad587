namespace MlflowDeploy.Review;

public enum PlanStatus
{
    NoChanges,
    Changes,
    DataLoss,
    Failed,
}

public static class PlanStatusText
{
    public static PlanStatus Of(PlanSummary summary) =>
        summary.Errored ? PlanStatus.Failed
        : summary.HasDataLoss ? PlanStatus.DataLoss
        : summary.HasChanges ? PlanStatus.Changes
        : PlanStatus.NoChanges;

    public static string Icon(this PlanStatus status) => status switch
    {
        PlanStatus.NoChanges => "✅",
        PlanStatus.Changes => "📝",
        PlanStatus.DataLoss => "⚠",
        _ => "❌",
    };

    public static string Words(this PlanStatus status) => status switch
    {
        PlanStatus.NoChanges => "no changes",
        PlanStatus.Changes => "changes",
        PlanStatus.DataLoss => "data loss",
        _ => "failed",
    };

    /// <summary>snake_case name used in plan-summary.json.</summary>
    public static string Key(this PlanStatus status) => status switch
    {
        PlanStatus.NoChanges => "no_changes",
        PlanStatus.Changes => "changes",
        PlanStatus.DataLoss => "data_loss",
        _ => "failed",
    };
}

namespace MlflowDeploy.Review;

public sealed record PlanMarkdownInput
{
    public required string Environment { get; init; }

    public required PlanSummary Summary { get; init; }

    /// <summary>The <c>terraform show -no-color plan.bin</c> text (terraform already masks sensitive values in it).</summary>
    public string? PlanText { get; init; }

    public WorkflowRunLink Run { get; init; } = WorkflowRunLink.None;
}

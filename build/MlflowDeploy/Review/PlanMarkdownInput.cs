namespace MlflowDeploy.Review;

public sealed record PlanMarkdownInput
{
    public required string Environment { get; init; }

    /// <summary>Null when the plan failed before a summary existed.</summary>
    public PlanSummary? Summary { get; init; }

    /// <summary>The <c>terraform show -no-color plan.bin</c> text (terraform already masks sensitive values in it).</summary>
    public string? PlanText { get; init; }

    /// <summary>Set when Plan failed: one line (or a short block) saying why.</summary>
    public string? Failure { get; init; }

    public WorkflowRunLink Run { get; init; } = WorkflowRunLink.None;

    /// <summary>The hidden marker that lets a PR comment be found again and updated; off for the step summary.</summary>
    public bool IncludeMarker { get; init; } = true;

    /// <summary>GitHub rejects an issue comment over 65,536 characters.</summary>
    public int MaxLength { get; init; } = PlanMarkdown.GitHubCommentLimit;
}

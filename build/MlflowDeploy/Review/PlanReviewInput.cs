namespace MlflowDeploy.Review;

public sealed record PlanReviewInput
{
    public required string Environment { get; init; }

    /// <summary>Raw <c>terraform show -json plan.bin</c> output. It holds secrets in clear; see <see cref="KeepRawPlanJson"/>.</summary>
    public required string PlanJsonPath { get; init; }

    /// <summary>Raw <c>terraform show -no-color plan.bin</c> output (terraform masks sensitive values in it).</summary>
    public string? PlanText { get; init; }

    /// <summary>The artifacts root; files go to &lt;ArtifactsDir&gt;/&lt;environment&gt;/.</summary>
    public required string ArtifactsDir { get; init; }

    /// <summary>Commit and workflow-run link for the footer; from GITHUB_* (commit: GITHUB_SHA, else git HEAD) when null.</summary>
    public WorkflowRunLink? Run { get; init; }

    /// <summary>
    /// The raw plan JSON is deleted once its redacted copy is written, because the artifacts folder is
    /// uploaded and the raw file holds every sensitive value in clear. Set only for local debugging.
    /// </summary>
    public bool KeepRawPlanJson { get; init; }
}

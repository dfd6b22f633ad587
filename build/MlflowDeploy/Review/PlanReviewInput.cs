namespace MlflowDeploy.Review;

public sealed record PlanReviewInput
{
    public required string Environment { get; init; }

    /// <summary>Raw <c>terraform show -json plan.bin</c> output. It holds secrets in clear: the caller keeps it outside the artifacts and deletes it.</summary>
    public required string PlanJsonPath { get; init; }

    /// <summary>Raw <c>terraform show -no-color plan.bin</c> output (terraform masks sensitive values in it).</summary>
    public string? PlanText { get; init; }

    /// <summary>The checkout: the price table and the environment's usage assumptions are read from it.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Where the redacted plan and the summary are written.</summary>
    public required Environments.ArtifactLayout Artifacts { get; init; }

    /// <summary>The variables the plan was made with beyond the environment's tfvars, as the review shows them.</summary>
    public IReadOnlyList<PlanOverride> Overrides { get; init; } = [];

    /// <summary>Commit and workflow-run link for the footer; from GITHUB_* (commit: GITHUB_SHA, else git HEAD) when null.</summary>
    public WorkflowRunLink? Run { get; init; }
}

namespace MlflowDeploy.Review;

/// <summary>
/// The Plan task's review step: summarise the plan JSON, keep only a redacted copy of it, and write the
/// plan summary (Markdown and JSON) to the environment's artifacts. Delivering the Markdown (PR comment, step
/// summary) is the caller's choice; the rendered body is in the result. The raw JSON is the caller's to delete.
/// </summary>
public static class PlanReview
{
    public static async Task<PlanReviewResult> ReviewAsync(PlanReviewInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var artifacts = input.Artifacts;
        Directory.CreateDirectory(artifacts.Directory);

        var summary = await PlanSummaryReader.ReadAsync(input.PlanJsonPath, ct).ConfigureAwait(false);
        // The estimator reads the priced attributes from the same raw JSON, while it still exists.
        summary = summary with
        {
            Cost = await Cost.CostEstimator.EstimateAsync(input.PlanJsonPath, input.Environment, input.RepositoryRoot, ct).ConfigureAwait(false),
            Overrides = input.Overrides,
        };

        var redactedPath = artifacts.RedactedPlanJson;
        var redactor = await PlanJsonRedactor.RedactAsync(input.PlanJsonPath, redactedPath, ct).ConfigureAwait(false);

        var markdown = PlanMarkdown.Render(new PlanMarkdownInput
        {
            Environment = input.Environment,
            Summary = summary,
            // terraform's text is masked by the same incomplete marks as the JSON; mask the known secrets too.
            PlanText = input.PlanText is null ? null : redactor.Redact(input.PlanText),
            Run = input.Run ?? WorkflowRunLink.FromEnvironment(await SourceRevision.ResolveAsync(null, ct).ConfigureAwait(false)),
        });
        var markdownPath = artifacts.PlanSummaryMarkdown;
        await File.WriteAllTextAsync(markdownPath, markdown, ct).ConfigureAwait(false);

        var jsonPath = artifacts.PlanSummaryJson;
        await PlanSummaryJson.WriteAsync(jsonPath, input.Environment, summary, ct).ConfigureAwait(false);

        return new PlanReviewResult(
            summary,
            PlanStatusText.Of(summary),
            markdown,
            PlanConsoleText.Render(input.Environment, summary),
            markdownPath,
            jsonPath,
            redactedPath);
    }
}

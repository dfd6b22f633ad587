namespace MlflowDeploy.Review;

/// <summary>
/// The Plan task's review step: summarise the plan JSON, keep only a redacted copy of it, and write
/// plan-summary.md / plan-summary.json to artifacts/&lt;env&gt;/. Delivering the Markdown (PR comment, step
/// summary) is the caller's choice; the rendered body is in the result.
/// </summary>
public static class PlanReview
{
    public const string MarkdownFile = "plan-summary.md";
    public const string SummaryJsonFile = "plan-summary.json";
    public const string RedactedPlanJsonFile = "plan.redacted.json";

    public static async Task<PlanReviewResult> ReviewAsync(PlanReviewInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = Path.Combine(input.ArtifactsDir, input.Environment);
        Directory.CreateDirectory(folder);

        var summary = await PlanSummaryReader.ReadAsync(input.PlanJsonPath, ct).ConfigureAwait(false);

        var redactedPath = Path.Combine(folder, RedactedPlanJsonFile);
        var redactor = await PlanJsonRedactor.RedactAsync(input.PlanJsonPath, redactedPath, ct).ConfigureAwait(false);
        if (!input.KeepRawPlanJson && !SamePath(input.PlanJsonPath, redactedPath))
        {
            File.Delete(input.PlanJsonPath);
        }

        var markdown = PlanMarkdown.Render(new PlanMarkdownInput
        {
            Environment = input.Environment,
            Summary = summary,
            // terraform's text is masked by the same incomplete marks as the JSON; mask the known secrets too.
            PlanText = input.PlanText is null ? null : redactor.Redact(input.PlanText),
            Run = input.Run ?? WorkflowRunLink.FromEnvironment(await SourceRevision.ResolveAsync(null, ct).ConfigureAwait(false)),
        });
        var markdownPath = Path.Combine(folder, MarkdownFile);
        await File.WriteAllTextAsync(markdownPath, markdown, ct).ConfigureAwait(false);

        var jsonPath = Path.Combine(folder, SummaryJsonFile);
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

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}

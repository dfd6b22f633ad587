namespace MlflowDeploy.Review;

public sealed record PlanReviewResult(
    PlanSummary Summary,
    PlanStatus Status,
    string Markdown,
    string ConsoleText,
    string MarkdownPath,
    string SummaryJsonPath,
    string RedactedPlanJsonPath);

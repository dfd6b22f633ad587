namespace MlflowDeploy.Verification;

/// <summary>Where <see cref="VerificationReport.WriteAsync"/> put the report.</summary>
public sealed record VerificationReportFiles(string JsonPath, string MarkdownPath);

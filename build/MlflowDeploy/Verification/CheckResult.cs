namespace MlflowDeploy.Verification;

public sealed record CheckResult(
    string Name,
    CheckStatus Status,
    string Detail,
    TimeSpan Duration,
    IReadOnlyList<string> Diagnosis);

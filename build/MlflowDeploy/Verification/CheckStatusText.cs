namespace MlflowDeploy.Verification;

/// <summary>A status as the report files spell it.</summary>
internal static class CheckStatusText
{
    public static string Of(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Warn => "warn",
        CheckStatus.Fail => "fail",
        CheckStatus.Skip => "skip",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

using System.Text.RegularExpressions;

namespace MlflowDeploy.Aws;

/// <summary>
/// Turns AWS failures a user can fix into one-line <see cref="ActionableError"/>s with exit code
/// <see cref="ExitCode"/> ("could not run"). The <see cref="AwsServiceException"/> stays as the inner exception.
/// </summary>
public static partial class AwsActionableErrors
{
    /// <summary>The run could not be carried out (as opposed to 1: it ran and found a problem).</summary>
    public const int ExitCode = 2;

    internal static ActionableError NoCredentials(string detail) => new(
        "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (run `aws sso login` for SSO profiles), "
        + $"or in GitHub Actions use aws-actions/configure-aws-credentials ({AwsServiceException.OneLine(detail)})",
        ExitCode);

    /// <summary>The actionable form of a user-fixable error, or null when the category isn't one.</summary>
    internal static ActionableError? For(AwsServiceException error) => error.Category switch
    {
        AwsErrorCategory.AccessDenied => new ActionableError(
            $"AWS denied {DeniedAction(error)} ({error.ErrorCode}): allow that action in the IAM policy of the identity running this, then re-run",
            ExitCode, error),
        AwsErrorCategory.ExpiredCredentials => new ActionableError(
            $"AWS credentials have expired ({error.ErrorCode} from {error.Service.SigningName} {error.Operation}): refresh them "
            + "(`aws sso login`, or re-run aws-actions/configure-aws-credentials in GitHub Actions) and re-run",
            ExitCode, error),
        AwsErrorCategory.InvalidCredentials => new ActionableError(
            $"AWS does not accept the access key in use ({error.ErrorCode} from {error.Service.SigningName} {error.Operation}): "
            + "check AWS_PROFILE / AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY point at valid credentials for this account",
            ExitCode, error),
        _ => null,
    };

    internal static ActionableError RetriesExhausted(AwsServiceException last, int attempts) => new(
        last.Category == AwsErrorCategory.Unreachable
            ? $"could not reach {last.Service.SigningName} for {last.Operation} after {attempts} attempts ({last.ErrorMessage}): "
              + "check the network and any AWS_ENDPOINT_URL* setting, then re-run"
            : $"{last.Service.SigningName} {last.Operation} kept failing after {attempts} attempts "
              + $"(last: {last.ErrorCode}{(last.HttpStatus is { } s ? $", HTTP {s}" : "")}: {last.ErrorMessage}): "
              + "AWS is throttling or unavailable; wait a few minutes and re-run",
        ExitCode, last);

    /// <summary>"ecs:DescribeServices" from AWS's message when it names it, else the call we made.</summary>
    internal static string DeniedAction(AwsServiceException error)
    {
        var match = DeniedActionPattern().Match(error.ErrorMessage);
        return match.Success ? match.Groups[1].Value : error.IamAction;
    }

    [GeneratedRegex(@"not authorized to perform:?\s+([A-Za-z0-9-]+:[A-Za-z0-9*]+)")]
    private static partial Regex DeniedActionPattern();
}

using MlflowDeploy.Aws;

namespace MlflowDeploy.Verification;

/// <summary>
/// The final probe for an AWS answer a check did not expect (a validation error, a resource in another
/// account). User-fixable categories (access denied, expired credentials) never get here: the clients throw
/// them as <see cref="ActionableError"/>, which the runner reports as "could not run".
/// </summary>
internal static class AwsCheckFailure
{
    public static Probe From(AwsServiceException error, params IReadOnlyList<string> diagnosis) =>
        Probe.Fail($"{error.Service.SigningName} {error.Operation} answered {error.ErrorCode}: {error.ErrorMessage}", diagnosis);
}

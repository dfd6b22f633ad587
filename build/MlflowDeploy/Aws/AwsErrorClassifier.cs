namespace MlflowDeploy.Aws;

/// <summary>Sorts an AWS error code and HTTP status into an <see cref="AwsErrorCategory"/>.</summary>
internal static class AwsErrorClassifier
{
    private static readonly HashSet<string> AccessDenied = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "UnauthorizedAccess",
        "Forbidden", // S3 HEAD answers carry no body, so the SDK names a 403 by its status text
    };

    private static readonly HashSet<string> Expired = new(StringComparer.Ordinal)
    {
        "ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired",
    };

    private static readonly HashSet<string> Invalid = new(StringComparer.Ordinal)
    {
        "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch",
        "InvalidSignatureException", "IncompleteSignature", "MissingAuthenticationToken",
    };

    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "SlowDown", "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    public static AwsErrorCategory Classify(string errorCode, int? httpStatus)
    {
        if (AccessDenied.Contains(errorCode)) return AwsErrorCategory.AccessDenied;
        if (Expired.Contains(errorCode)) return AwsErrorCategory.ExpiredCredentials;
        if (Invalid.Contains(errorCode)) return AwsErrorCategory.InvalidCredentials;
        if (Throttling.Contains(errorCode) || httpStatus == 429) return AwsErrorCategory.Throttled;
        if (httpStatus is >= 500 and <= 599) return AwsErrorCategory.ServerError;
        return AwsErrorCategory.Service;
    }

    public static bool IsRetryable(AwsErrorCategory category) =>
        category is AwsErrorCategory.Throttled or AwsErrorCategory.ServerError or AwsErrorCategory.Unreachable;

    public static bool IsUserFixable(AwsErrorCategory category) =>
        category is AwsErrorCategory.AccessDenied or AwsErrorCategory.ExpiredCredentials or AwsErrorCategory.InvalidCredentials;
}

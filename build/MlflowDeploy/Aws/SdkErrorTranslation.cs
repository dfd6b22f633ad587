using Amazon.Runtime;

namespace MlflowDeploy.Aws;

/// <summary>Maps AWS SDK exceptions (S3, STS) onto the same categories and one-line errors as our own transport.</summary>
internal static class SdkErrorTranslation
{
    public static Exception Translate(AwsService service, string operation, AmazonServiceException e, int attempts, string? iamAction = null)
    {
        var status = e.StatusCode == 0 ? (int?)null : (int)e.StatusCode;
        var code = string.IsNullOrEmpty(e.ErrorCode) ? $"HTTP{status}" : e.ErrorCode;
        var error = new AwsServiceException(service, operation, AwsErrorClassifier.Classify(code, status), code, e.Message, status, e, iamAction);
        if (AwsErrorClassifier.IsRetryable(error.Category))
            return AwsActionableErrors.RetriesExhausted(error, attempts); // the SDK has already retried that many times
        return (Exception?)AwsActionableErrors.For(error) ?? error;
    }

    public static Exception Unreachable(AwsService service, string operation, Exception e, int attempts) =>
        AwsActionableErrors.RetriesExhausted(
            new AwsServiceException(service, operation, AwsErrorCategory.Unreachable, "Unreachable", e.Message, null, e), attempts);

    /// <summary>The SDK's retries and timeout set from our policy, and its endpoint from the same resolution as ours.</summary>
    public static void Configure(ClientConfig config, AwsService service, string region, Func<string, string?> environment, AwsRetryPolicy retry)
    {
        if (AwsEndpointResolver.IsOverridden(service, environment))
        {
            config.ServiceURL = AwsEndpointResolver.Resolve(service, region, environment).ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }
        config.MaxErrorRetry = Math.Max(0, retry.MaxAttempts - 1);
        config.Timeout = retry.RequestTimeout;
    }
}

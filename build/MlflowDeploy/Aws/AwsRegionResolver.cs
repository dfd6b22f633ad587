using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace MlflowDeploy.Aws;

/// <summary>
/// The region to use: the environment's explicit setting first, then <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c>,
/// then the SDK's fallback (the profile's region).
/// </summary>
public static partial class AwsRegionResolver
{
    public static string Resolve(string? regionOverride, Func<string, string?> environment)
    {
        var (region, source) =
            !string.IsNullOrWhiteSpace(regionOverride) ? (regionOverride, "the environment's region setting")
            : !string.IsNullOrWhiteSpace(environment("AWS_REGION")) ? (environment("AWS_REGION")!, "AWS_REGION")
            : !string.IsNullOrWhiteSpace(environment("AWS_DEFAULT_REGION")) ? (environment("AWS_DEFAULT_REGION")!, "AWS_DEFAULT_REGION")
            : (SdkFallbackRegion(), "the AWS profile");
        if (string.IsNullOrWhiteSpace(region))
            throw new ActionableError("no AWS region found: set AWS_REGION (e.g. eu-west-2) or the region in the environment's settings", AwsActionableErrors.ExitCode);
        region = region.Trim();
        if (!RegionPattern().IsMatch(region))
            throw new ActionableError($"'{region}' from {source} is not an AWS region name: use a name like eu-west-2", AwsActionableErrors.ExitCode);
        return region;
    }

    private static string? SdkFallbackRegion()
    {
        try
        {
            // The SDK caches its answer process-wide, maybe from before the environment was set; ask afresh (once per run).
            FallbackRegionFactory.Reset();
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();
}

using Amazon;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The region must be one AWS has. The variable's validation only checks the shape, which a typo like
/// eu-wst-2 passes; the AWS SDK's region list catches it before any call is made.
/// </summary>
public static class RegionNameCheck
{
    public const string Name = "region name";

    public static IReadOnlyList<string> KnownRegions { get; } =
        RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).Order(StringComparer.Ordinal).ToList();

    public static PreflightResult Run(string region, string varFileShown)
    {
        if (KnownRegions.Contains(region, StringComparer.Ordinal))
        {
            return PreflightResult.Pass(Name, region);
        }

        var suggestion = NameSuggestion.Closest(region, KnownRegions);
        var fix = suggestion is null ? "set region to an AWS region such as eu-west-2" : $"did you mean {suggestion}?";
        return PreflightResult.Fail(Name, $"region '{region}' is not an AWS region — {fix} (set region in {varFileShown})");
    }
}

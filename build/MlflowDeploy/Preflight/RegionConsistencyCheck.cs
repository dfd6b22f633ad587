using System.Text.RegularExpressions;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The AWS provider deploys into the tfvars region. A provider region taken from anywhere else (a literal, the
/// profile) is how a stack lands in one region while its bucket or state lives in another.
/// </summary>
public static partial class RegionConsistencyCheck
{
    public const string Name = "region consistency";

    public static PreflightResult Run(string infraDirectory, string region)
    {
        var expressions = new List<string>();
        foreach (var file in Directory.EnumerateFiles(infraDirectory, "*.tf"))
        {
            var text = File.ReadAllText(file);
            foreach (Match block in ProviderBlock().Matches(text))
            {
                var match = RegionArgument().Match(block.Value);
                expressions.Add(match.Success ? match.Groups[1].Value.Trim() : "(unset: the profile's or AWS_REGION's)");
            }
        }

        if (expressions.Count == 0)
        {
            return PreflightResult.Fail(Name, "infra/ has no provider \"aws\" block, so the region comes from the profile — add one with region = var.region");
        }

        var other = expressions.FirstOrDefault(e => e != "var.region");
        if (other is not null)
        {
            return PreflightResult.Fail(Name, $"a provider \"aws\" block in infra/ takes its region from {other}, not from var.region ({region}) — set region = var.region");
        }

        return PreflightResult.Pass(Name, $"provider region = tfvars region = {region}");
    }

    // A provider block ends at the first line holding only "}" (terraform fmt puts it there).
    [GeneratedRegex("""^provider\s+"aws"\s*\{.*?^\}""", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ProviderBlock();

    [GeneratedRegex(@"^\s{2}region\s*=\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex RegionArgument();
}

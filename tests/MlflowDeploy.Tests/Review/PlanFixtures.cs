using System.Text.RegularExpressions;

namespace MlflowDeploy.Tests.Review;

/// <summary>The committed terraform plan fixtures (made by Fixtures/make-plan-fixtures.sh against moto).</summary>
internal static partial class PlanFixtures
{
    public const string Sentinel = "S3ntinel-Secret-4711";

    public static readonly string[] All = ["create", "change", "replace", "destroy", "noop"];

    public static string Folder { get; } = FindFolder();

    /// <summary>The same five plans made from the product's own infra/ with local.tfvars (Fixtures/reference-stack/).</summary>
    public const string ReferenceStack = "reference-stack";

    public static string Json(string name, string? set = null) => Path.Combine(SetFolder(set), $"{name}.plan.json");

    public static string Text(string name, string? set = null) => File.ReadAllText(Path.Combine(SetFolder(set), $"{name}.plan.txt"));

    private static string SetFolder(string? set) => set is null ? Folder : Path.Combine(Folder, set);

    /// <summary>Copies a fixture's JSON to a scratch file (review deletes the raw JSON it is given).</summary>
    public static string CopyJson(string name, string folder)
    {
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, $"{name}.raw.json");
        File.Copy(Json(name), copy, overwrite: true);
        return copy;
    }

    /// <summary>Terraform's own counts from "Plan: X to add, Y to change, Z to destroy." (null for "No changes.").</summary>
    public static (int Add, int Change, int Destroy)? TerraformCounts(string name, string? set = null)
    {
        var match = PlanLine().Match(Text(name, set));
        return match.Success
            ? (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value))
            : null;
    }

    /// <summary>Addresses terraform's text says "must be replaced".</summary>
    public static IReadOnlyList<string> TerraformReplaced(string name, string? set = null) =>
        ReplacedLine().Matches(Text(name, set)).Select(m => m.Groups[1].Value).ToList();

    // Both test projects read the fixtures from their one home in the fast project's folder.
    private static string FindFolder()
    {
        var folder = Path.Combine(Support.RepositoryRoot.Path, "tests", "MlflowDeploy.Tests", "Review", "Fixtures");
        return File.Exists(Path.Combine(folder, "make-plan-fixtures.sh"))
            ? folder
            : throw new DirectoryNotFoundException("tests/MlflowDeploy.Tests/Review/Fixtures not found in " + Support.RepositoryRoot.Path);
    }

    [GeneratedRegex(@"^Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\.", RegexOptions.Multiline)]
    private static partial Regex PlanLine();

    [GeneratedRegex(@"^  # (\S+) must be replaced", RegexOptions.Multiline)]
    private static partial Regex ReplacedLine();
}

using System.Text.RegularExpressions;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Docs;

/// <summary>
/// The README's production checklist names the variable behind each control; a renamed or removed variable
/// would leave a newcomer setting something terraform no longer reads.
/// </summary>
public sealed partial class ProductionChecklistTests
{
    [Fact]
    public async Task Every_variable_the_checklist_names_is_declared_in_infra()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "README.md"));
        var variables = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "infra", "variables.tf"));
        var declared = Declaration().Matches(variables).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var section = readme[readme.IndexOf("## Production checklist", StringComparison.Ordinal)..];
        var rows = section.Split('\n').SkipWhile(l => !l.StartsWith("| control", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        var named = rows.SelectMany(r => Code().Matches(r.Split('|')[2]).Select(m => m.Groups[1].Value)).ToList();

        Assert.True(rows.Count >= 15, $"the checklist table has {rows.Count} rows");
        Assert.Contains("auth_mode", named);
        Assert.Contains("mlflow_image_digest", named);
        Assert.All(named, name => Assert.True(declared.Contains(name), $"README's production checklist names `{name}`, which infra/variables.tf does not declare"));
    }

    [GeneratedRegex("""^variable "([a-z0-9_]+)" \{""", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex("`([a-z0-9_]+)`")]
    private static partial Regex Code();
}

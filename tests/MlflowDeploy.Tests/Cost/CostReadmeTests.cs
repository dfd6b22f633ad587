using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MlflowDeploy.Cost;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Cost;

/// <summary>
/// The README's cost table is the estimator's output for the staging and production plans in Fixtures/ (made by
/// make-cost-fixtures.sh from the committed tfvars). When the stack, the tfvars, the prices or the usage defaults
/// change, regenerate the plans, run this test, and paste the table it prints into the README.
/// </summary>
public sealed partial class CostReadmeTests
{
    private const string Start = "<!-- cost-table:start -->";
    private const string End = "<!-- cost-table:end -->";

    [Fact]
    public async Task The_readme_cost_table_is_what_the_estimator_gives_for_the_committed_staging_and_production_plans()
    {
        var staging = await CostFixtures.EstimateAsync(CostFixtures.Json("staging"), "staging");
        var production = await CostFixtures.EstimateAsync(CostFixtures.Json("production"), "production");
        var expected = Table(staging, production);

        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = Section().Match(readme);

        Assert.True(section.Success, $"README.md has no {Start} … {End} section; add one holding:\n{expected}");
        Assert.True(section.Groups[1].Value.ReplaceLineEndings("\n").Trim() == expected.Trim(), $"README.md's cost table is out of date; replace it with:\n{expected}");
    }

    /// <summary>One row per line item of either environment, joined by resource and component.</summary>
    private static string Table(CostEstimate staging, CostEstimate production)
    {
        var left = staging.Rows().ToDictionary(r => (r.Address, r.Kind));
        var right = production.Rows().ToDictionary(r => (r.Address, r.Kind));
        var keys = right.Keys.Concat(left.Keys.Where(k => !right.ContainsKey(k)))
            .OrderBy(k => CostCategory.DisplayOrder((right.GetValueOrDefault(k) ?? left[k]).Category))
            .ThenBy(k => k.Address, StringComparer.Ordinal)
            .ToList();

        var text = new StringBuilder();
        text.Append("| Line item | Resource | staging | production |\n|---|---|---:|---:|\n");
        foreach (var key in keys)
        {
            left.TryGetValue(key, out var s);
            right.TryGetValue(key, out var p);
            // Where the environments differ in kind (db class, Multi-AZ), the label's qualifier moves into each cell.
            var differ = s is not null && p is not null && s.Label != p.Label;
            var label = differ ? Bare(p!.Label) : (p ?? s)!.Label;
            text.Append($"| {label} | `{key.Address}` | {Cell(s, differ)} | {Cell(p, differ)} |\n");
        }
        text.Append($"| **Total per month** | | **{MoneyText.Dollars(staging.MonthlyAfter)}** | **{MoneyText.Dollars(production.MonthlyAfter)}** |\n\n");
        var share = staging.MonthlyAfter / production.MonthlyAfter * 100;
        text.Append($"Staging costs {share.ToString("0", CultureInfo.InvariantCulture)}% of production ({staging.Region}, on-demand prices of {production.PricesTaken}). ");
        var unpriced = staging.Unpriced.Select(u => ("staging", u)).Concat(production.Unpriced.Select(u => ("production", u))).ToList();
        text.Append(unpriced.Count == 0
            ? "Nothing in either stack is left unpriced.\n"
            : "Not priced: " + string.Join("; ", unpriced.Select(u => $"{u.Item1} `{u.u.Address}` — {u.u.Reason}")) + ".\n");
        return text.ToString();
    }

    /// <summary>A cell: the amount, and what differs between the environments ("db.t3.micro, Multi-AZ").</summary>
    private static string Cell(CostRow? row, bool withQualifier)
    {
        if (row is null)
        {
            return "—";
        }
        var open = row.Label.IndexOf(" (", StringComparison.Ordinal);
        return withQualifier && open > 0
            ? $"{MoneyText.Dollars(row.After)} ({row.Label[(open + 2)..].TrimEnd(')')})"
            : MoneyText.Dollars(row.After);
    }

    private static string Bare(string label)
    {
        var open = label.IndexOf(" (", StringComparison.Ordinal);
        return open < 0 ? label : label[..open];
    }

    [GeneratedRegex(@"<!-- cost-table:start -->\n(.*?)<!-- cost-table:end -->", RegexOptions.Singleline)]
    private static partial Regex Section();
}

using System.Text.Json;
using MlflowDeploy.Review;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Cost;

/// <summary>
/// The cost in every rendering of a plan summary, made the way the Plan stage makes it: the summary and the
/// estimate both read from the raw plan JSON, the estimate carried on the summary.
/// </summary>
public sealed class PlanSummaryCostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<PlanSummary> SummaryWithCostAsync(string planJson, string environment = "local") =>
        await PlanSummaryReader.ReadAsync(planJson, CancellationToken.None) with
        {
            Cost = await CostFixtures.EstimateAsync(planJson, environment),
        };

    [Fact]
    public async Task The_pr_comment_for_desired_count_2_to_4_reads_plus_41_45_a_month_above_the_folded_details()
    {
        var summary = await SummaryWithCostAsync(CostFixtures.Json("desired-count-4"));

        var comment = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "local", Summary = summary });

        var lines = comment.Split('\n');
        var headline = Array.FindIndex(lines, l => l.StartsWith("**Estimated cost:", StringComparison.Ordinal));
        // 160.64 before (local.tfvars as make-cost-fixtures.sh applies it: the reference stack of ReferencePlanCostTests plus
        // what was added since — alarms, WAF, the log bucket, the RDS log groups, auth secrets) + 33.99 + 7.46 for two more tasks.
        // The one item not priced is the VPC flow log's delivery to S3 (vended-log fees, by volume).
        Assert.Equal("**Estimated cost: $160.64 → $202.09 per month (+$41.45/month)** · eu-west-2 on-demand · 1 item not priced", lines[headline]);
        Assert.InRange(headline, 1, 6);
        Assert.True(comment.IndexOf("**Estimated cost:", StringComparison.Ordinal) < comment.IndexOf("<details>", StringComparison.Ordinal));
        Assert.Contains("<details><summary>Estimated monthly cost, line items</summary>", comment);
        // The service ignores desired_count after create (autoscaling owns it); the variable moves the autoscaling floor.
        Assert.Contains("| Fargate vCPU (x86) | `aws_ecs_service.mlflow` | 4 tasks (desired 2, autoscaling 4–4) × 0.5 vCPU × 730 h × $0.04656 | $33.99 | $67.98 | +$33.99 |", comment);
        Assert.Contains("| **Total** | | | **$160.64** | **$202.09** | **+$41.45** |", comment);
        Assert.Contains("`aws_nat_gateway` processed_gb_per_month = 50 (infra/pricing/usage-defaults.json)", comment);
        Assert.Contains("Prices: `infra/pricing/aws-prices.json`, on-demand list prices taken 2026-11-30", comment);
    }

    [Fact]
    public async Task The_cost_headline_survives_when_the_comment_must_be_cut()
    {
        var summary = await SummaryWithCostAsync(CostFixtures.Reference("create"));

        // Twenty thousand lines of plan text: far more than a comment holds, so the body is cut.
        var text = string.Join('\n', Enumerable.Range(0, 20_000).Select(i => $"  # line {i} of an oversized plan"));
        var comment = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "local", Summary = summary, PlanText = text });

        Assert.True(comment.Length <= PlanMarkdown.MaxLength, $"{comment.Length} characters");
        Assert.Contains("✂ Cut:", comment);
        Assert.Contains("**Estimated cost: $0.00 → $141.80 per month (+$141.80/month)**", comment);
    }

    [Fact]
    public async Task The_data_loss_warning_still_comes_before_any_folded_section()
    {
        var summary = await SummaryWithCostAsync(CostFixtures.Reference("replace"));

        var markdown = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "local", Summary = summary });

        var warning = markdown.IndexOf("⚠ Data loss", StringComparison.Ordinal);
        Assert.True(warning > markdown.IndexOf("**Estimated cost:", StringComparison.Ordinal));
        Assert.True(warning < markdown.IndexOf("<details>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plan_without_changes_still_states_the_cost_in_one_line()
    {
        var summary = await SummaryWithCostAsync(CostFixtures.Reference("noop"));

        var markdown = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "local", Summary = summary });

        var body = markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, body.Length); // the no-changes line, the cost line (the PR comment adds its own marker)
        Assert.Equal("**Estimated cost: $141.80 per month (no change)** · eu-west-2 on-demand", body[1]);
    }

    [Fact]
    public async Task The_console_summary_ends_with_the_cost_block()
    {
        var summary = await SummaryWithCostAsync(CostFixtures.Json("desired-count-4"));

        var text = PlanConsoleText.Render("local", summary);

        Assert.Contains("Estimated cost: $160.64 → $202.09 per month (+$41.45/month) · eu-west-2, on-demand prices of 2026-11-30 (infra/pricing/aws-prices.json)\n", text);
        Assert.Matches(@"\n  Fargate vCPU \(x86\) · aws_ecs_service\.mlflow +\$33\.99 → \$67\.98 \(\+\$33\.99\)\n", text);
        Assert.Contains("  usage assumed: ", text);
        Assert.True(text.IndexOf("~   aws_ecs_service.mlflow", StringComparison.Ordinal) < text.IndexOf("Estimated cost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_summary_json_gains_a_cost_object_and_keeps_every_existing_key()
    {
        var planJson = CostFixtures.Json("desired-count-4");
        var plain = await PlanSummaryReader.ReadAsync(planJson, CancellationToken.None);
        var withCost = await SummaryWithCostAsync(planJson);

        await PlanSummaryJson.WriteAsync(_temp.File("plain.json"), "local", plain, CancellationToken.None);
        await PlanSummaryJson.WriteAsync(_temp.File("cost.json"), "local", withCost, CancellationToken.None);

        using var before = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.File("plain.json")));
        using var after = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.File("cost.json")));
        Assert.Equal(
            before.RootElement.EnumerateObject().Select(p => p.Name).Append("cost"),
            after.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (var property in before.RootElement.EnumerateObject())
        {
            Assert.Equal(property.Value.GetRawText(), after.RootElement.GetProperty(property.Name).GetRawText());
        }
        var cost = after.RootElement.GetProperty("cost");
        Assert.Equal("USD", cost.GetProperty("currency").GetString());
        Assert.Equal("eu-west-2", cost.GetProperty("region").GetString());
        Assert.Equal(JsonValueKind.Null, cost.GetProperty("unavailable").ValueKind);
        Assert.Equal(160.64m, cost.GetProperty("monthly_before").GetDecimal());
        Assert.Equal(202.09m, cost.GetProperty("monthly_after").GetDecimal());
        Assert.Equal(41.45m, cost.GetProperty("monthly_change").GetDecimal());
        Assert.Equal("2026-11-30", cost.GetProperty("prices").GetProperty("taken").GetString());
        var vcpu = cost.GetProperty("line_items").EnumerateArray().Single(i => i.GetProperty("item").GetString() == "Fargate vCPU (x86)");
        Assert.Equal(33.99m, vcpu.GetProperty("monthly_change").GetDecimal());
        Assert.Contains(cost.GetProperty("usage_assumed").EnumerateArray(), u => u.GetProperty("key").GetString() == "lcu_per_hour");
    }

    [Fact]
    public async Task A_region_without_prices_is_one_line_in_the_json_too()
    {
        var planJson = EditedPlan.Write(CostFixtures.Reference("create"), _temp.Path, p => p["variables"]!["region"]!["value"] = "sa-east-1");
        var summary = await SummaryWithCostAsync(planJson);

        await PlanSummaryJson.WriteAsync(_temp.File("summary.json"), "local", summary, CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(_temp.File("summary.json")));
        var cost = json.RootElement.GetProperty("cost");
        Assert.StartsWith("no prices for region sa-east-1 in infra/pricing/aws-prices.json", cost.GetProperty("unavailable").GetString());
        Assert.False(cost.TryGetProperty("line_items", out _));
        var markdown = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "local", Summary = summary });
        Assert.Single(markdown.Split('\n'), l => l.Contains("sa-east-1", StringComparison.Ordinal));
    }
}

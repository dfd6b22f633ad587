using System.Text.Json;
using MlflowDeploy.Cost;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Cost;

public sealed class PriceTableTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_region_missing_from_the_table_gives_one_line_and_no_figures()
    {
        var plan = EditedPlan.Write(CostFixtures.Reference("create"), _temp.Path, p => p["variables"]!["region"]!["value"] = "ap-south-1");

        var estimate = await CostFixtures.EstimateAsync(plan);

        Assert.False(estimate.IsAvailable);
        Assert.Equal(
            "no prices for region ap-south-1 in infra/pricing/aws-prices.json (it has eu-west-2, us-east-1) — add the region's on-demand prices there to estimate the cost",
            estimate.Unavailable);
        Assert.Empty(estimate.Rows());
        Assert.Equal($"Estimated cost: not estimated — {estimate.Unavailable}\n", CostConsoleText.Render(estimate));
        Assert.Equal($"**Estimated cost:** not estimated — {estimate.Unavailable}\n", CostMarkdown.Headline(estimate));
        Assert.Equal("", CostMarkdown.Details(estimate));
    }

    [Fact]
    public async Task The_same_plan_in_us_east_1_is_priced_with_us_east_1_figures()
    {
        var plan = EditedPlan.Write(CostFixtures.Reference("create"), _temp.Path, p => p["variables"]!["region"]!["value"] = "us-east-1");

        var estimate = await CostFixtures.EstimateAsync(plan);

        // 2 tasks × 0.5 vCPU × 730 h × $0.04048 = $29.5504; db.t3.micro 730 h × $0.018 = $13.14; NAT 730 h × $0.045 = $32.85
        Assert.Equal(29.55m, CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate vCPU").After);
        Assert.Equal(13.14m, CostFixtures.Row(estimate, "aws_db_instance.mlflow", "RDS instance").After);
        Assert.Equal(32.85m, CostFixtures.Row(estimate, "aws_nat_gateway.main", "NAT gateway").After);
    }

    [Fact]
    public async Task A_class_missing_from_the_table_is_listed_as_not_priced_naming_the_key_to_add()
    {
        var plan = EditedPlan.Write(CostFixtures.Reference("create"), _temp.Path,
            p => EditedPlan.After(p, "aws_db_instance.mlflow")["instance_class"] = "db.r7g.16xlarge");

        var estimate = await CostFixtures.EstimateAsync(plan);

        Assert.DoesNotContain(estimate.Rows(), r => r.Label.StartsWith("RDS instance", StringComparison.Ordinal));
        var missing = Assert.Single(estimate.Unpriced);
        Assert.Equal("aws_db_instance.mlflow", missing.Address);
        Assert.Equal("instance db.r7g.16xlarge: no price at rds_postgresql.instance_hour.db.r7g.16xlarge for eu-west-2 in infra/pricing/aws-prices.json — add it there", missing.Reason);
        Assert.Contains("1 item not priced", CostMarkdown.Headline(estimate));
        Assert.Contains("RDS storage", string.Join("\n", estimate.Rows().Select(r => r.Label)));
    }

    [Fact]
    public void A_malformed_table_is_one_line_naming_the_file()
    {
        var path = _temp.Write("aws-prices.json", "{ \"about\": { \"taken\": \"2026-11-30\" }, ");

        var error = Assert.Throws<ActionableError>(() => PriceTable.Load(path, "infra/pricing/aws-prices.json"));

        Assert.StartsWith("price table infra/pricing/aws-prices.json is not valid JSON", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_table_without_date_or_source_is_refused()
    {
        var path = _temp.Write("aws-prices.json", "{ \"about\": { \"source\": \"x\" }, \"regions\": {} }");

        var error = Assert.Throws<ActionableError>(() => PriceTable.Load(path, "infra/pricing/aws-prices.json"));

        Assert.Equal("price table infra/pricing/aws-prices.json needs about.taken, about.source and a regions object — fix the file", error.Message);
    }

    [Fact]
    public void The_committed_table_is_dated_says_how_it_was_taken_and_names_a_page_for_every_service()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, PriceTable.RelativePath)));
        var root = document.RootElement;
        var about = root.GetProperty("about");

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", about.GetProperty("taken").GetString());
        Assert.Contains("NOT fetched", about.GetProperty("how_taken").GetString());
        Assert.False(about.GetProperty("verified_online").GetBoolean());
        var sources = root.GetProperty("sources").EnumerateObject().Select(s => s.Name).ToHashSet();
        foreach (var region in root.GetProperty("regions").EnumerateObject())
        {
            foreach (var service in region.Value.EnumerateObject())
            {
                Assert.True(sources.Contains(service.Name), $"{region.Name}.{service.Name} has no page under sources");
            }
        }
    }

    [Fact]
    public void Both_regions_price_the_same_services_and_keys()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, PriceTable.RelativePath)));
        var regions = document.RootElement.GetProperty("regions");

        // Instance classes may differ (only figures the author could stand behind are listed); everything else must not.
        static IEnumerable<string> Keys(JsonElement region) =>
            region.EnumerateObject().SelectMany(s => s.Value.EnumerateObject()
                .Where(k => k.Value.ValueKind == JsonValueKind.Number || k.Name == "storage_gb_month")
                .Select(k => $"{s.Name}.{k.Name}"));

        Assert.Equal(Keys(regions.GetProperty("us-east-1")).Order(), Keys(regions.GetProperty("eu-west-2")).Order());
    }
}

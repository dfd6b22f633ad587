using MlflowDeploy.Cost;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Cost;

/// <summary>Usage figures come from the defaults file, overridden per environment by type or by address, and are shown with their source.</summary>
public sealed class UsageAssumptionsTests : IDisposable
{
    private readonly TempDirectory _repository = new();

    public UsageAssumptionsTests()
    {
        foreach (var file in new[] { PriceTable.RelativePath, UsageAssumptions.DefaultsRelativePath })
        {
            _repository.Write(file, File.ReadAllText(Path.Combine(RepositoryRoot.Path, file)));
        }
    }

    public void Dispose() => _repository.Dispose();

    private Task<CostEstimate> EstimateAsync(string environment) =>
        CostEstimator.EstimateAsync(CostFixtures.Reference("create"), environment, _repository.Path, CancellationToken.None);

    [Fact]
    public async Task Without_an_environment_file_the_defaults_are_used_and_named()
    {
        var estimate = await EstimateAsync("staging");

        var nat = Assert.Single(estimate.Assumptions, a => a.Key == "processed_gb_per_month");
        Assert.Equal(new AssumedUsage("aws_nat_gateway", "processed_gb_per_month", 50, "infra/pricing/usage-defaults.json"), nat);
        Assert.Null(estimate.Note);
    }

    [Fact]
    public async Task An_environment_file_overrides_a_type_and_an_address_and_says_where_each_figure_came_from()
    {
        _repository.Write("infra/environments/staging.usage.json", """
            {
              "resource_types": { "aws_nat_gateway": { "processed_gb_per_month": 200 } },
              "resources": { "aws_s3_bucket.artifacts": { "storage_gb": 500 } }
            }
            """);

        var estimate = await EstimateAsync("staging");

        // 200 GB × $0.05 = $10.00; 500 GB × $0.024 = $12.00
        Assert.Equal(10.00m, CostFixtures.Row(estimate, "aws_nat_gateway.main", "NAT data processed").After);
        Assert.Equal(12.00m, CostFixtures.Row(estimate, "aws_s3_bucket.artifacts[0]", "S3 Standard storage").After);
        Assert.Contains(new AssumedUsage("aws_nat_gateway", "processed_gb_per_month", 200, "infra/environments/staging.usage.json"), estimate.Assumptions);
        Assert.Contains(new AssumedUsage("aws_s3_bucket.artifacts", "storage_gb", 500, "infra/environments/staging.usage.json"), estimate.Assumptions);
        // What the file doesn't set still comes from the defaults.
        Assert.Contains(new AssumedUsage("aws_s3_bucket", "tier1_requests_per_month", 50_000, "infra/pricing/usage-defaults.json"), estimate.Assumptions);
        Assert.Contains("`aws_s3_bucket.artifacts` storage_gb = 500 (infra/environments/staging.usage.json)", CostMarkdown.Details(estimate));
    }

    [Fact]
    public async Task An_address_with_its_instance_key_overrides_that_instance()
    {
        _repository.Write("infra/environments/staging.usage.json", """{ "resources": { "aws_s3_bucket.artifacts[0]": { "storage_gb": 10 } } }""");

        var estimate = await EstimateAsync("staging");

        Assert.Equal(0.24m, CostFixtures.Row(estimate, "aws_s3_bucket.artifacts[0]", "S3 Standard storage").After); // 10 GB × $0.024
    }

    [Fact]
    public async Task An_unknown_key_is_refused_in_one_line_that_lists_the_valid_ones()
    {
        _repository.Write("infra/environments/staging.usage.json", """{ "resource_types": { "aws_nat_gateway": { "processed_gb": 200 } } }""");

        var error = await Assert.ThrowsAsync<ActionableError>(() => EstimateAsync("staging"));

        Assert.Equal("infra/environments/staging.usage.json: unknown usage key 'processed_gb' for aws_nat_gateway — keys for aws_nat_gateway: processed_gb_per_month", error.Message);
    }

    [Fact]
    public async Task A_usage_figure_for_a_type_without_usage_is_refused()
    {
        _repository.Write("infra/environments/staging.usage.json", """{ "resources": { "aws_vpc.main": { "storage_gb": 1 } } }""");

        var error = await Assert.ThrowsAsync<ActionableError>(() => EstimateAsync("staging"));

        Assert.StartsWith("infra/environments/staging.usage.json: unknown usage key 'storage_gb' for aws_vpc.main — no usage figures exist for aws_vpc (types with figures: ", error.Message);
    }

    [Fact]
    public async Task A_negative_or_non_numeric_figure_is_refused()
    {
        _repository.Write("infra/environments/staging.usage.json", """{ "resource_types": { "aws_lb": { "lcu_per_hour": "two" } } }""");

        var error = await Assert.ThrowsAsync<ActionableError>(() => EstimateAsync("staging"));

        Assert.Equal("infra/environments/staging.usage.json: resource_types.aws_lb.lcu_per_hour must be a number >= 0 — fix the file", error.Message);
    }

    [Fact]
    public async Task A_local_environment_is_marked_as_running_on_the_emulator()
    {
        var estimate = await EstimateAsync("local-bad-input");

        Assert.Equal("local-bad-input runs against the AWS emulator; the figures are what this stack would cost in AWS", estimate.Note);
    }
}

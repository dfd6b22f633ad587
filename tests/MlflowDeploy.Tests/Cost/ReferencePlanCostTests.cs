using MlflowDeploy.Cost;

namespace MlflowDeploy.Tests.Cost;

/// <summary>
/// The estimate of real plans of the product's own stack, checked against arithmetic done by hand with the eu-west-2
/// figures of infra/pricing/aws-prices.json and the defaults of infra/pricing/usage-defaults.json. If a price or a
/// default changes, redo the arithmetic here: these numbers are the check, not a copy of the code's output.
/// </summary>
public sealed class ReferencePlanCostTests
{
    private static decimal Cents(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task The_reference_create_plan_costs_what_the_price_table_gives_by_hand()
    {
        var estimate = await CostFixtures.EstimateAsync(CostFixtures.Reference("create"));

        Assert.Equal("eu-west-2", estimate.Region);
        // local.tfvars: desired_count 2, autoscaling min 2 → 2 tasks; task_cpu 512 = 0.5 vCPU, task_memory 1024 MiB = 1 GB.
        // 2 tasks × 0.5 vCPU × 730 h × $0.04656 per vCPU-hour = $33.9888
        Assert.Equal(Cents(2 * 0.5m * 730 * 0.04656m), CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate vCPU").After);
        Assert.Equal(33.99m, Cents(2 * 0.5m * 730 * 0.04656m));
        // 2 tasks × 1 GB × 730 h × $0.00511 per GB-hour = $7.4606
        Assert.Equal(7.46m, CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate memory").After);
        // db.t3.micro, Single-AZ: 730 h × $0.021 = $15.33
        Assert.Equal(15.33m, CostFixtures.Row(estimate, "aws_db_instance.mlflow", "RDS instance").After);
        // 20 GB gp3 × $0.133 per GB-month = $2.66
        Assert.Equal(2.66m, CostFixtures.Row(estimate, "aws_db_instance.mlflow", "RDS storage").After);
        // One NAT gateway: 730 h × $0.05 = $36.50; 50 GB processed (usage default) × $0.05 = $2.50
        Assert.Equal(36.50m, CostFixtures.Row(estimate, "aws_nat_gateway.main", "NAT gateway").After);
        Assert.Equal(2.50m, CostFixtures.Row(estimate, "aws_nat_gateway.main", "NAT data processed").After);
        // Its Elastic IP: 730 h × $0.005 = $3.65
        Assert.Equal(3.65m, CostFixtures.Row(estimate, "aws_eip.nat", "Elastic IP").After);
        // ALB: 730 h × $0.02646 = $19.3158; 1 LCU (usage) × 730 h × $0.0084 = $6.132
        Assert.Equal(19.32m, CostFixtures.Row(estimate, "aws_lb.mlflow", "Application Load Balancer").After);
        Assert.Equal(6.13m, CostFixtures.Row(estimate, "aws_lb.mlflow", "ALB capacity units").After);
        // Internet-facing, subnets unknown before apply → 2 addresses (usage) × 730 h × $0.005 = $7.30
        Assert.Equal(7.30m, CostFixtures.Row(estimate, "aws_lb.mlflow", "Public IPv4").After);
        // 20 GB out to the internet (usage) × $0.09 = $1.80
        Assert.Equal(1.80m, CostFixtures.Row(estimate, "aws_lb.mlflow", "Data transfer out").After);
        // S3: 50 GB × $0.024 = $1.20; 50,000 PUT × $0.0053/1,000 + 500,000 GET × $0.00042/1,000 = $0.265 + $0.21 = $0.475
        Assert.Equal(1.20m, CostFixtures.Row(estimate, "aws_s3_bucket.artifacts[0]", "S3 Standard storage").After);
        Assert.Equal(0.48m, CostFixtures.Row(estimate, "aws_s3_bucket.artifacts[0]", "S3 requests").After);
        // Logs: 5 GB ingested × $0.5985 = $2.9925; kept 7 days: 5 GB × 7 × 24 / 730 = 1.1507 GB × $0.0315 = $0.0362
        Assert.Equal(2.99m, CostFixtures.Row(estimate, "aws_cloudwatch_log_group.mlflow", "Log ingestion").After);
        Assert.Equal(0.04m, CostFixtures.Row(estimate, "aws_cloudwatch_log_group.mlflow", "Log storage").After);
        // One secret: $0.40 + 10,000 API requests × $0.05 / 10,000 = $0.45
        Assert.Equal(0.45m, CostFixtures.Row(estimate, "aws_secretsmanager_secret.db", "Secret").After);

        Assert.Equal(16, estimate.Rows().Count);
        // 33.99 + 7.46 + 15.33 + 2.66 + 36.50 + 2.50 + 3.65 + 19.32 + 6.13 + 7.30 + 1.80 + 1.20 + 0.48 + 2.99 + 0.04 + 0.45
        Assert.Equal(141.80m, estimate.MonthlyAfter);
        Assert.Equal(0m, estimate.MonthlyBefore);
        Assert.Equal(141.80m, estimate.MonthlyChange);
        Assert.Empty(estimate.Unpriced);
    }

    [Fact]
    public async Task Raising_desired_count_from_2_to_4_adds_two_tasks_of_vcpu_and_memory()
    {
        var estimate = await CostFixtures.EstimateAsync(CostFixtures.Json("desired-count-4"));

        // Two more tasks: 2 × 0.5 vCPU × 730 h × $0.04656 = $33.9888 and 2 × 1 GB × 730 h × $0.00511 = $7.4606.
        var vcpu = CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate vCPU");
        var memory = CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate memory");
        Assert.Equal((33.99m, 67.98m), (vcpu.Before, vcpu.After));   // 4 × 0.5 × 730 × 0.04656 = 67.9776
        Assert.Equal((7.46m, 14.92m), (memory.Before, memory.After)); // 4 × 1 × 730 × 0.00511 = 14.9212
        // +$33.99 + $7.46 = +$41.45 a month, and nothing else changes.
        Assert.Equal(41.45m, estimate.MonthlyChange);
        Assert.All(estimate.Rows().Where(r => r.Address != "aws_ecs_service.mlflow"), r => Assert.Equal(0m, r.Change));
        Assert.Contains("(+$41.45/month)", CostMarkdown.Headline(estimate));
    }

    [Fact]
    public async Task Turning_on_multi_az_doubles_the_database_instance_and_storage_lines()
    {
        var estimate = await CostFixtures.EstimateAsync(CostFixtures.Json("multi-az"));

        var instance = CostFixtures.Row(estimate, "aws_db_instance.mlflow", "RDS instance");
        var storage = CostFixtures.Row(estimate, "aws_db_instance.mlflow", "RDS storage");
        // db.t3.micro: 730 h × $0.021 = $15.33, with a standby × 2 = $30.66; 20 GB × $0.133 = $2.66, × 2 = $5.32.
        Assert.Equal((15.33m, 30.66m), (instance.Before, instance.After));
        Assert.Equal((2.66m, 5.32m), (storage.Before, storage.After));
        Assert.Contains("Multi-AZ", instance.Label);
        Assert.Equal(15.33m + 2.66m, estimate.MonthlyChange);
    }

    [Fact]
    public async Task Destroying_the_stack_takes_it_to_zero()
    {
        var estimate = await CostFixtures.EstimateAsync(CostFixtures.Reference("destroy"));

        Assert.Equal(0m, estimate.MonthlyAfter);
        Assert.True(estimate.MonthlyBefore > 0);
        Assert.Equal(-estimate.MonthlyBefore, estimate.MonthlyChange);
        Assert.All(estimate.Rows(), r => Assert.Equal(0m, r.After));
        Assert.Contains($"→ $0.00 per month (-{MoneyText.Dollars(estimate.MonthlyBefore)}/month)", CostMarkdown.Headline(estimate));
    }

    [Fact]
    public async Task A_plan_without_changes_costs_the_same_before_and_after()
    {
        var estimate = await CostFixtures.EstimateAsync(CostFixtures.Reference("noop"));

        Assert.True(estimate.MonthlyAfter > 0);
        Assert.Equal(0m, estimate.MonthlyChange);
        Assert.Contains("per month (no change)", CostMarkdown.Headline(estimate));
    }

    [Fact]
    public async Task Replacing_the_database_keeps_its_cost_but_prices_both_sides()
    {
        var estimate = await CostFixtures.EstimateAsync(CostFixtures.Reference("replace"));

        var instance = CostFixtures.Row(estimate, "aws_db_instance.mlflow", "RDS instance");
        Assert.Equal((15.33m, 15.33m), (instance.Before, instance.After));
        Assert.Equal(0m, estimate.MonthlyChange);
    }
}

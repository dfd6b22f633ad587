using System.Text.Json.Nodes;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Cost;

/// <summary>How an ECS service's baseline task count and its task size are found in a plan.</summary>
public sealed class FargateServiceCostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_autoscaling_minimum_above_desired_count_is_the_baseline()
    {
        var plan = EditedPlan.Write(CostFixtures.Reference("create"), _temp.Path,
            p => EditedPlan.After(p, "aws_appautoscaling_target.ecs")["min_capacity"] = 3);

        var estimate = await CostFixtures.EstimateAsync(plan);

        var vcpu = CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate vCPU");
        Assert.Equal(50.98m, vcpu.After); // 3 tasks × 0.5 vCPU × 730 h × $0.04656 = $50.9832
        Assert.StartsWith("3 tasks (desired 2, autoscaling 3–4)", vcpu.Detail);
    }

    [Fact]
    public async Task A_new_task_definition_revision_whose_arn_is_unknown_is_found_through_the_configuration()
    {
        // As when task_cpu changes: the task definition is replaced, its ARN and the service's task_definition are unknown until apply.
        var plan = EditedPlan.Write(CostFixtures.Reference("noop"), _temp.Path, p =>
        {
            var definition = EditedPlan.Change(p, "aws_ecs_task_definition.mlflow");
            definition["actions"] = new JsonArray("delete", "create");
            var after = definition["after"]!.AsObject();
            after["cpu"] = "1024";
            after["memory"] = "2048";
            after.Remove("arn");
            var service = EditedPlan.Change(p, "aws_ecs_service.mlflow");
            service["actions"] = new JsonArray("update");
            service["after"]!.AsObject().Remove("task_definition");
        });

        var estimate = await CostFixtures.EstimateAsync(plan);

        var vcpu = CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate vCPU");
        var memory = CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate memory");
        Assert.Equal((33.99m, 67.98m), (vcpu.Before, vcpu.After));     // 2 × 1 vCPU × 730 × $0.04656 = $67.9776
        Assert.Equal((7.46m, 14.92m), (memory.Before, memory.After));  // 2 × 2 GB × 730 × $0.00511 = $14.9212
    }

    [Fact]
    public async Task Arm64_tasks_are_priced_at_the_arm_rates()
    {
        var plan = EditedPlan.Write(CostFixtures.Reference("create"), _temp.Path,
            p => EditedPlan.After(p, "aws_ecs_task_definition.mlflow")["runtime_platform"]![0]!["cpu_architecture"] = "ARM64");

        var estimate = await CostFixtures.EstimateAsync(plan);

        Assert.Equal(27.19m, CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate vCPU (ARM64)").After); // 2 × 0.5 × 730 × $0.03725
        Assert.Equal(5.97m, CostFixtures.Row(estimate, "aws_ecs_service.mlflow", "Fargate memory (ARM64)").After); // 2 × 1 × 730 × $0.00409 = $5.9714
    }

    [Fact]
    public async Task A_service_on_the_ec2_launch_type_is_not_priced_and_says_why()
    {
        var plan = EditedPlan.Write(CostFixtures.Reference("create"), _temp.Path,
            p => EditedPlan.After(p, "aws_ecs_service.mlflow")["launch_type"] = "EC2");

        var estimate = await CostFixtures.EstimateAsync(plan);

        Assert.DoesNotContain(estimate.Rows(), r => r.Category == "Fargate");
        var item = Assert.Single(estimate.Unpriced);
        Assert.Equal(("aws_ecs_service.mlflow", "not a Fargate service (launch type EC2); only Fargate tasks are priced"), (item.Address, item.Reason));
    }
}

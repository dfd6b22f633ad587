using System.Text.Json;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Pipeline;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Teardown;

/// <summary>
/// A destroy that fails partway, on an account environment (so Destroy keeps the artifact bucket): a load balancer
/// made out of band in the stack's VPC forwards to the stack's target group, and AWS (moto) refuses to delete a
/// target group in use — something no plan can see. Every resource that does not need the target group is destroyed;
/// the run fails in one line; the artifact bucket stays in the state. The next Plan creates what was destroyed and not
/// the bucket, Apply converges, and once the outside listener is gone Destroy finishes and keeps the bucket.
/// </summary>
public sealed class FailedDestroyTests(FailedDestroyTests.Stack stack, ITestOutputHelper output) : IClassFixture<FailedDestroyTests.Stack>
{
    public sealed class Stack() : AppliedAccountStack("ci-halfdestroy", new Dictionary<string, string>());

    [Fact]
    public async Task A_destroy_that_fails_partway_leaves_the_bucket_in_the_state_and_the_next_apply_does_not_create_it()
    {
        string targetGroup, bucket;
        List<string> publicSubnets;
        using (var before = JsonDocument.Parse((await stack.StateTextAsync())!))
        {
            targetGroup = StateResources.Attribute(before.RootElement, "aws_lb_target_group", "mlflow", "arn")!;
            bucket = StateResources.Attribute(before.RootElement, "aws_s3_bucket", "artifacts", "bucket")!;
            publicSubnets = StateResources.Managed(before.RootElement).Where(i => i.Type == "aws_subnet" && i.Name == "public").Select(i => i.Text("id")!).ToList();
        }

        // Someone else's load balancer in the same VPC now forwards to the stack's target group.
        var other = await stack.AwsCliAsync(["elbv2", "create-load-balancer", "--name", "someone-elses-alb", "--type", "application", "--subnets", .. publicSubnets]);
        var otherArn = other.GetProperty("LoadBalancers")[0].GetProperty("LoadBalancerArn").GetString()!;
        var listener = await stack.AwsCliAsync(
            "elbv2", "create-listener", "--load-balancer-arn", otherArn, "--protocol", "HTTP", "--port", "8080",
            "--default-actions", $"Type=forward,TargetGroupArn={targetGroup}");
        var listenerArn = listener.GetProperty("Listeners")[0].GetProperty("ListenerArn").GetString()!;

        var failed = await stack.BuildAsync("--target=Destroy", $"--confirm={stack.EnvironmentName}");

        output.WriteLine(failed.All);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.DoesNotContain("   at ", failed.All);
        var line = Assert.Single(failed.Error.Split('\n'), l => l.StartsWith('✖'));
        Assert.Contains($"the artifact bucket s3://{bucket} is still in the state; fix the cause and run Destroy again", line);
        Assert.Contains("ResourceInUse", failed.All);
        Assert.DoesNotContain("kept: the artifact bucket", failed.Output);

        using (var after = JsonDocument.Parse((await stack.StateTextAsync())!))
        {
            var left = StateResources.Managed(after.RootElement).Select(i => i.Address).ToList();
            output.WriteLine("left in the state: " + string.Join(", ", left));
            Assert.Contains("aws_s3_bucket.artifacts[0]", left);
            Assert.Contains("aws_s3_bucket_versioning.artifacts[0]", left);
            Assert.Contains("aws_lb_target_group.mlflow", left);
            // The destroy went partway: what does not depend on the target group is gone.
            Assert.DoesNotContain("aws_db_instance.mlflow", left);
            Assert.DoesNotContain("aws_ecs_service.mlflow", left);
            Assert.DoesNotContain("aws_lb.mlflow", left);
        }

        await stack.AwsCliAsync("s3api", "head-bucket", "--bucket", bucket);
        using (var lockObject = await stack.Aws.S3.OpenObjectAsync(stack.StateBucket, stack.StateKey + ".tflock", CancellationToken.None))
            Assert.Null(lockObject);

        // The next run: the plan recreates what was destroyed and not the bucket, which is still in the state.
        var plan = await stack.BuildAsync("--target=Plan");
        output.WriteLine(plan.All);
        Assert.True(plan.ExitCode == 0, plan.All);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(stack.Artifacts, "plan-summary.json"))))
        {
            var resources = summary.RootElement.GetProperty("resources");
            var created = resources.TryGetProperty("add", out var add) ? add.EnumerateArray().Select(r => r.GetProperty("address").GetString()!).ToList() : [];
            Assert.Contains("aws_db_instance.mlflow", created);
            Assert.DoesNotContain(created, address => address.Contains(".artifacts", StringComparison.Ordinal) && address.StartsWith("aws_s3_bucket", StringComparison.Ordinal));
            foreach (var action in new[] { "destroy", "replace" })
                Assert.False(resources.TryGetProperty(action, out var list) && list.GetArrayLength() > 0, $"the plan after a failed destroy {action}s something:\n{plan.Output}");
        }

        var apply = await stack.BuildAsync("--target=Apply");
        output.WriteLine(apply.All);
        Assert.True(apply.ExitCode == 0, apply.All);
        Assert.DoesNotContain("BucketAlreadyOwnedByYou", apply.All);
        Assert.Contains("the apply converged", apply.Output); // the plan right after it is empty (CleanPlanCheck)

        // Once the cause is gone, Destroy finishes, and keeps the bucket.
        await stack.AwsCliAsync("elbv2", "delete-listener", "--listener-arn", listenerArn);
        var destroy = await stack.BuildAsync("--target=Destroy", $"--confirm={stack.EnvironmentName}");
        output.WriteLine(destroy.All);
        Assert.True(destroy.ExitCode == 0, destroy.All);
        Assert.Contains($"kept: the artifact bucket s3://{bucket}", destroy.Output);
        Assert.Contains("state is empty: nothing is left", destroy.Output);
        await stack.AwsCliAsync("s3api", "head-bucket", "--bucket", bucket);
    }
}

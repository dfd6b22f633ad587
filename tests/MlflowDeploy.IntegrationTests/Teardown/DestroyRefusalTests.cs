using System.Text.Json;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Pipeline;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Teardown;

/// <summary>
/// Destroy of an applied account environment that AWS would refuse halfway, each run as the real build.sh against one
/// stack in moto: it is refused up front, in one line with the way out, before anything changes — the state object
/// byte for byte as it was, the artifact bucket still in it, the database still there, no lock left behind.
/// </summary>
public sealed class DestroyRefusalTests(ProtectedAccountStack stack, ITestOutputHelper output) : IClassFixture<ProtectedAccountStack>
{
    [Fact]
    public async Task A_destroy_of_a_database_with_deletion_protection_is_refused_before_anything_changes()
    {
        var before = await stack.StateTextAsync();
        Assert.NotNull(before);

        var destroy = await stack.BuildAsync("--target=Destroy", $"--confirm={stack.EnvironmentName}");

        output.WriteLine(destroy.All);
        var line = RefusalLine(destroy);
        Assert.Contains($"Destroy of '{stack.EnvironmentName}' refused before anything changed", line);
        Assert.Contains("aws_db_instance.mlflow", line);
        Assert.Contains("has deletion protection on", line);
        Assert.Contains("plan and apply db_deletion_protection = false through a reviewed change (Plan, review, Apply), then Destroy again", line);
        Assert.DoesNotContain("final snapshot", line); // the snapshot name is free: only what would fail is named
        await AssertNothingChangedAsync(before, destroy);
    }

    [Fact]
    public async Task A_destroy_whose_final_snapshot_name_is_taken_is_refused_before_anything_changes()
    {
        var before = await stack.StateTextAsync();
        Assert.NotNull(before);
        string database, snapshot;
        using (var state = JsonDocument.Parse(before))
        {
            database = StateResources.Attribute(state.RootElement, "aws_db_instance", "mlflow", "identifier")!;
            snapshot = StateResources.Attribute(state.RootElement, "aws_db_instance", "mlflow", "final_snapshot_identifier")!;
        }

        Assert.False(string.IsNullOrEmpty(snapshot), "the stack asks for a final snapshot, so its name is in the state");
        // A snapshot of that name already exists, as a manual copy or an earlier teardown of the same incarnation would leave.
        await stack.AwsCliAsync("rds", "create-db-snapshot", "--db-instance-identifier", database, "--db-snapshot-identifier", snapshot);
        try
        {
            var destroy = await stack.BuildAsync("--target=Destroy", $"--confirm={stack.EnvironmentName}");

            output.WriteLine(destroy.All);
            var line = RefusalLine(destroy);
            Assert.Contains($"Destroy of '{stack.EnvironmentName}' refused before anything changed", line);
            Assert.Contains($"the final snapshot name {snapshot} of aws_db_instance.mlflow ({database}) is already taken (a snapshot of {database} from ", line);
            Assert.Contains("copy that snapshot under another name and delete it (or delete it if it is not needed), then Destroy again", line);
            await AssertNothingChangedAsync(before, destroy);
        }
        finally
        {
            await stack.AwsCliAsync("rds", "delete-db-snapshot", "--db-snapshot-identifier", snapshot);
        }
    }

    /// <summary>The one ✖ line of a run that ended on a user error (non-zero, no stack trace).</summary>
    private static string RefusalLine(Support.BuildScript.Result run)
    {
        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("   at ", run.All);
        return Assert.Single(run.Error.Split('\n'), l => l.StartsWith('✖'));
    }

    private async Task AssertNothingChangedAsync(string before, Support.BuildScript.Result run)
    {
        Assert.DoesNotContain("Destroying...", run.Output);
        Assert.DoesNotContain("Destruction complete", run.Output);
        Assert.DoesNotContain("removed from state", run.Output);

        var after = await stack.StateTextAsync();
        Assert.Equal(before, after);
        using var state = JsonDocument.Parse(after!);
        var bucket = StateResources.Attribute(state.RootElement, "aws_s3_bucket", "artifacts", "bucket");
        Assert.False(string.IsNullOrEmpty(bucket), "the artifact bucket is still in the state");
        await stack.AwsCliAsync("s3api", "head-bucket", "--bucket", bucket!);
        var database = StateResources.Attribute(state.RootElement, "aws_db_instance", "mlflow", "identifier")!;
        var described = await stack.AwsCliAsync("rds", "describe-db-instances", "--db-instance-identifier", database);
        Assert.Equal("available", described.GetProperty("DBInstances")[0].GetProperty("DBInstanceStatus").GetString());

        // The refused run planned under the lock and gave it back.
        using var lockObject = await stack.Aws.S3.OpenObjectAsync(stack.StateBucket, stack.StateKey + ".tflock", CancellationToken.None);
        Assert.Null(lockObject);
        Assert.False(File.Exists(Path.Combine(stack.Artifacts, "destroy-plan.bin")), "the refused destroy plan is not left to be applied");
    }
}

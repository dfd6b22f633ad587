using MlflowDeploy.Tests.Support;
using MlflowDeploy.Review;

namespace MlflowDeploy.Tests.Review;

public sealed class PlanSummaryReaderTests
{
    [Theory]
    [InlineData("create")]
    [InlineData("change")]
    [InlineData("replace")]
    [InlineData("destroy")]
    public async Task Counts_agree_with_terraforms_own_plan_line(string fixture)
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json(fixture), CancellationToken.None);
        var terraform = PlanFixtures.TerraformCounts(fixture);

        Assert.NotNull(terraform);
        // Terraform counts a replacement as one add and one destroy.
        Assert.Equal(terraform.Value.Add, summary.ToAdd + summary.ToReplace);
        Assert.Equal(terraform.Value.Change, summary.ToChange);
        Assert.Equal(terraform.Value.Destroy, summary.ToDestroy + summary.ToReplace);
        Assert.Equal(PlanFixtures.TerraformReplaced(fixture).Order(), summary.Resources.Where(r => r.Action == PlanAction.Replace).Select(r => r.Address).Order());
        Assert.True(summary.HasChanges);
        Assert.False(summary.Errored);
        Assert.Equal("1.11.4", summary.TerraformVersion);
    }

    [Fact]
    public async Task A_no_op_plan_has_no_changes_as_terraform_says()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("noop"), CancellationToken.None);

        Assert.Contains("No changes.", PlanFixtures.Text("noop"));
        Assert.False(summary.HasChanges);
        Assert.Empty(summary.Resources);
        Assert.Empty(summary.DataLoss);
        Assert.True(summary.NoOps > 0);
    }

    [Fact]
    public async Task The_ecs_desired_count_change_is_one_in_place_update_without_data_loss()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("change"), CancellationToken.None);

        var update = Assert.Single(summary.Resources);
        Assert.Equal(("aws_ecs_service.mlflow", PlanAction.Update), (update.Address, update.Action));
        Assert.Empty(summary.DataLoss);
    }

    [Fact]
    public async Task Replacing_the_database_is_data_loss_with_the_forcing_attribute()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("replace"), CancellationToken.None);

        var risk = Assert.Single(summary.DataLoss);
        Assert.Equal("aws_db_instance.this", risk.Address);
        Assert.Equal(PlanAction.Replace, risk.Action);
        Assert.Contains("db_name", risk.ForcingAttributes);
        Assert.Contains("aws_db_instance.this", PlanFixtures.TerraformReplaced("replace"));
    }

    [Fact]
    public async Task Destroying_the_stack_lists_every_stateful_resource_as_data_loss()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("destroy"), CancellationToken.None);

        var expected = summary.Resources.Where(r => StatefulResourceTypes.Contains(r.Type)).Select(r => r.Address).Order().ToList();
        Assert.Equal(expected, summary.DataLoss.Select(d => d.Address).Order());
        Assert.Contains("aws_db_instance.this", expected);
        Assert.Contains("aws_s3_bucket.artifacts", expected);
        Assert.Contains("aws_secretsmanager_secret.db", expected);
        Assert.Contains("aws_cloudwatch_log_group.service", expected);
        Assert.DoesNotContain("aws_ecs_service.mlflow", summary.DataLoss.Select(d => d.Address));
        Assert.All(summary.DataLoss, d => Assert.Equal(PlanAction.Delete, d.Action));
    }

    [Fact]
    public async Task First_create_lists_outputs_and_no_data_loss()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("create"), CancellationToken.None);

        Assert.Empty(summary.DataLoss);
        Assert.All(summary.Resources, r => Assert.Equal(PlanAction.Create, r.Action));
        Assert.Contains("db_connection_uri", summary.ChangedOutputs);
        Assert.Contains("bucket", summary.ChangedOutputs);
    }

    [Theory]
    [InlineData("""["delete","create"]""")]
    [InlineData("""["create","delete"]""")]
    public async Task A_delete_create_pair_in_either_order_is_one_replace(string actions)
    {
        using var scratch = new TempDirectory();
        var path = scratch.File("plan.json");
        await File.WriteAllTextAsync(path, $$$$"""
            {"format_version":"1.2","resource_changes":[
              {"address":"aws_rds_cluster.main","mode":"managed","type":"aws_rds_cluster","change":{"actions":{{{{actions}}}},
               "before":{"master_password":"x"},"after":{},"replace_paths":[["engine_version"],["tags","team"],["ebs",0,"size"]]}}]}
            """);

        var summary = await PlanSummaryReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal((0, 0, 1), (summary.ToAdd, summary.ToDestroy, summary.ToReplace));
        var risk = Assert.Single(summary.DataLoss);
        Assert.Equal(["engine_version", "tags.team", "ebs[0].size"], risk.ForcingAttributes);
        Assert.Equal("aws_rds_cluster.main (replace: engine_version, tags.team, ebs[0].size)", risk.Describe());
    }

    [Fact]
    public async Task Reads_drift_outputs_and_escaped_names_are_summarised()
    {
        using var scratch = new TempDirectory();
        var path = scratch.File("plan.json");
        var huge = new string('x', 300_000); // one token far larger than the read buffer
        await File.WriteAllTextAsync(path, $$$$"""
            {"format_version":"1.2","terraform_version":"1.11.4",
             "planned_values":{"root_module":{"resources":[{"values":{"policy":"{{{{huge}}}}"}}]}},
             "resource_drift":[{"address":"aws_ecs_service.mlflow","mode":"managed","type":"aws_ecs_service","change":{"actions":["update"]}},
                               {"address":"aws_vpc.this","mode":"managed","type":"aws_vpc","change":{"actions":["update"]}}],
             "resource_changes":[
               {"address":"data.aws_iam_policy_document.task","mode":"data","type":"aws_iam_policy_document","change":{"actions":["read"]}},
               {"address":"aws_s3_bucket.b[\"caf\u00e9\"]","mode":"managed","type":"aws_s3_bucket","change":{"actions":["delete"],"before":{"bucket":"{{{{huge}}}}"}}},
               {"address":"aws_vpc.this","mode":"managed","type":"aws_vpc","change":{"actions":["no-op"]}},
               {"address":"aws_ecs_service.mlflow","mode":"managed","type":"aws_ecs_service","change":{"actions":["update"]}},
               {"address":"aws_ecs_cluster.x","mode":"managed","type":"aws_ecs_cluster","change":{"actions":["create"]}}],
             "output_changes":{"url":{"actions":["update"]},"same":{"actions":["no-op"]}},
             "relevant_attributes":[{"resource":"aws_ecs_service.mlflow","attribute":["desired_count"]}],
             "errored":false}
            """);

        var summary = await PlanSummaryReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal((1, 1, 1, 0, 1, 1), (summary.ToAdd, summary.ToChange, summary.ToDestroy, summary.ToReplace, summary.Reads, summary.NoOps));
        Assert.Equal("aws_s3_bucket.b[\"café\"]", Assert.Single(summary.DataLoss).Address);
        Assert.Equal(["url"], summary.ChangedOutputs);
        Assert.Equal("aws_ecs_service.mlflow", Assert.Single(summary.Drift).Address);
        Assert.Equal("Plan: 1 to add, 1 to change, 1 to destroy, 0 to replace · 1 read", summary.CountsLine());
    }

    [Fact]
    public async Task Truncated_json_is_an_actionable_error()
    {
        using var scratch = new TempDirectory();
        var path = scratch.File("plan.json");
        var whole = await File.ReadAllTextAsync(PlanFixtures.Json("create"));
        await File.WriteAllTextAsync(path, whole[..(whole.Length / 2)]);

        var error = await Assert.ThrowsAsync<ActionableError>(() => PlanSummaryReader.ReadAsync(path, CancellationToken.None));
        Assert.Contains("run Plan again", error.Message);
    }

    [Fact]
    public async Task A_missing_file_is_an_actionable_error()
    {
        var error = await Assert.ThrowsAsync<ActionableError>(() => PlanSummaryReader.ReadAsync("/nonexistent/plan.json", CancellationToken.None));
        Assert.Contains("not found", error.Message);
    }
}

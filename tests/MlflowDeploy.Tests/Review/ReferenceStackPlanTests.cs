using MlflowDeploy.Review;

namespace MlflowDeploy.Tests.Review;

/// <summary>
/// The summary and the data-loss block on plans of the product's own stack (infra/ with local.tfvars, made by
/// terraform against moto with make-plan-fixtures.sh), checked against what terraform itself printed.
/// </summary>
public sealed class ReferenceStackPlanTests
{
    private const string Set = PlanFixtures.ReferenceStack;

    [Theory]
    [InlineData("create")]
    [InlineData("change")]
    [InlineData("replace")]
    [InlineData("destroy")]
    public async Task Counts_agree_with_terraforms_own_plan_line(string fixture)
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json(fixture, Set), CancellationToken.None);
        var terraform = PlanFixtures.TerraformCounts(fixture, Set);

        Assert.NotNull(terraform);
        // Terraform counts a replacement as one add and one destroy.
        Assert.Equal(terraform.Value.Add, summary.ToAdd + summary.ToReplace);
        Assert.Equal(terraform.Value.Change, summary.ToChange);
        Assert.Equal(terraform.Value.Destroy, summary.ToDestroy + summary.ToReplace);
        Assert.Equal(
            PlanFixtures.TerraformReplaced(fixture, Set).Order(),
            summary.Resources.Where(r => r.Action == PlanAction.Replace).Select(r => r.Address).Order());
    }

    [Fact]
    public async Task A_no_op_plan_says_so()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("noop", Set), CancellationToken.None);

        Assert.Contains("No changes.", PlanFixtures.Text("noop", Set));
        Assert.False(summary.HasResourceChanges);
        Assert.Empty(summary.DataLoss);
    }

    [Fact]
    public async Task A_desired_count_change_is_an_in_place_update_of_the_service_without_data_loss()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("change", Set), CancellationToken.None);

        Assert.Contains(summary.Resources, r => r is { Address: "aws_ecs_service.mlflow", Action: PlanAction.Update });
        Assert.Empty(summary.DataLoss);
    }

    [Fact]
    public async Task Replacing_the_database_heads_the_review_with_the_forcing_attribute()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("replace", Set), CancellationToken.None);

        var risk = Assert.Single(summary.DataLoss, r => r.Address == "aws_db_instance.mlflow");
        Assert.Equal(PlanAction.Replace, risk.Action);
        Assert.Contains("db_name", risk.ForcingAttributes);
        Assert.Throws<ActionableError>(() => DataLossGate.Enforce(summary, allowDataLoss: false));

        var markdown = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "local", Summary = summary, PlanText = PlanFixtures.Text("replace", Set) });
        var warning = markdown.IndexOf('⚠');
        Assert.True(warning >= 0 && warning < markdown.IndexOf("<details", StringComparison.Ordinal), "the data-loss block comes before the folded details");
        Assert.Contains("aws_db_instance.mlflow", markdown[warning..markdown.IndexOf("<details", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task Destroying_the_stack_lists_its_stateful_resources()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("destroy", Set), CancellationToken.None);

        var lost = summary.DataLoss.Select(d => d.Address).ToList();
        Assert.Contains("aws_db_instance.mlflow", lost);
        Assert.Contains("aws_secretsmanager_secret.db", lost);
        Assert.Contains("aws_cloudwatch_log_group.mlflow", lost);
        Assert.Contains(lost, a => a.StartsWith("aws_s3_bucket.artifacts", StringComparison.Ordinal));
        Assert.DoesNotContain("aws_ecs_service.mlflow", lost);
    }
}

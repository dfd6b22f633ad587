using MlflowDeploy.Review;

namespace MlflowDeploy.Tests.Review;

public sealed class DataLossGateTests
{
    [Fact]
    public async Task Refuses_a_database_replacement_naming_the_address_and_the_forcing_attribute()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("replace"), CancellationToken.None);

        var error = Assert.Throws<ActionableError>(() => DataLossGate.Enforce(summary, allowDataLoss: false));

        Assert.Equal(
            "plan destroys or replaces stateful resources: aws_db_instance.this (replace: db_name) — review and re-run Apply with --allow-data-loss to accept the loss",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Allows_the_same_plan_when_data_loss_is_accepted_and_returns_what_was_accepted()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("replace"), CancellationToken.None);

        var accepted = DataLossGate.Enforce(summary, allowDataLoss: true);

        Assert.Equal("aws_db_instance.this", Assert.Single(accepted).Address);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("change")]
    [InlineData("noop")]
    public async Task Lets_plans_without_stateful_destroys_through(string fixture)
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json(fixture), CancellationToken.None);

        Assert.Empty(DataLossGate.Enforce(summary, allowDataLoss: false));
    }

    [Fact]
    public async Task Refuses_a_full_destroy_listing_every_stateful_resource()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("destroy"), CancellationToken.None);

        var error = Assert.Throws<ActionableError>(() => DataLossGate.Enforce(summary, allowDataLoss: false));

        Assert.Contains("aws_db_instance.this (destroy)", error.Message);
        Assert.Contains("aws_s3_bucket.artifacts (destroy)", error.Message);
        Assert.Contains("aws_cloudwatch_log_group.service (destroy)", error.Message);
    }

    [Fact]
    public void Only_destroying_or_replacing_a_managed_resource_of_a_stateful_type_is_a_risk()
    {
        static PlannedResource R(string address, string type, PlanAction action, bool data = false) => new(address, type, action, [], IsDataSource: data);

        var risks = DataLossGate.RisksIn(
        [
            R("aws_db_instance.a", "aws_db_instance", PlanAction.Replace),
            R("aws_s3_bucket.b", "aws_s3_bucket", PlanAction.Delete),
            R("aws_db_instance.c", "aws_db_instance", PlanAction.Update),
            R("aws_ecs_service.d", "aws_ecs_service", PlanAction.Delete),
            R("data.aws_s3_bucket.e", "aws_s3_bucket", PlanAction.Delete, data: true),
            R("aws_cloudwatch_log_group.f", "aws_cloudwatch_log_group", PlanAction.Forget),
        ]);

        Assert.Equal(["aws_db_instance.a", "aws_s3_bucket.b"], risks.Select(r => r.Address));
    }
}

using MlflowDeploy.Review;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Review;

public sealed class PlanChangeAllowListTests
{
    private static PlanChangeAllowList Read(string json)
    {
        using var folder = new TempDirectory();
        folder.Write(PlanChangeAllowList.FileName, json);
        return PlanChangeAllowList.Read(folder.Path);
    }

    [Fact]
    public void A_listed_attribute_change_is_expected_with_its_reason()
    {
        var allowed = Read("""{"allowed":[{"address":"aws_ecs_service.*","attributes":["desired_count"],"reason":"autoscaling owns it"}]}""");

        Assert.Equal("autoscaling owns it", allowed.ReasonFor(new ResourceChange("aws_ecs_service.mlflow", PlanAction.Update, ["desired_count"])));
        Assert.Null(allowed.ReasonFor(new ResourceChange("aws_ecs_service.mlflow", PlanAction.Update, ["desired_count", "tags"])));
        Assert.Null(allowed.ReasonFor(new ResourceChange("aws_lb.mlflow", PlanAction.Update, ["desired_count"])));
    }

    [Fact]
    public void A_create_replace_or_destroy_after_apply_is_never_expected()
    {
        var allowed = Read("""{"allowed":[{"address":"*","attributes":["tags"],"reason":"anything"}]}""");

        Assert.Null(allowed.ReasonFor(new ResourceChange("aws_s3_bucket.artifacts", PlanAction.Replace, ["tags"])));
        Assert.Null(allowed.ReasonFor(new ResourceChange("aws_s3_bucket.artifacts", PlanAction.Create, [])));
    }

    [Fact]
    public void An_entry_without_a_reason_is_one_line()
    {
        var error = Assert.Throws<ActionableError>(() => Read("""{"allowed":[{"address":"aws_lb.mlflow","attributes":["tags"]}]}"""));

        Assert.Equal("infra/allowed-plan-changes.json: every entry needs an address, the attributes it may change and a reason — fix the entry for 'aws_lb.mlflow'", error.Message);
    }

    [Fact]
    public void The_committed_list_is_valid_and_expects_nothing() =>
        Assert.Null(PlanChangeAllowList.Read(Path.Combine(RepositoryRoot.Path, "infra"))
            .ReasonFor(new ResourceChange("aws_ecs_service.mlflow", PlanAction.Update, ["availability_zone_rebalancing"])));
}

using MlflowDeploy.Review;

namespace MlflowDeploy.Tests.Review;

public sealed class PlanChangesTests
{
    [Fact]
    public async Task An_in_place_update_names_exactly_the_attributes_that_change()
    {
        var changes = await PlanChanges.ReadAsync(PlanFixtures.Json("change", PlanFixtures.ReferenceStack), CancellationToken.None);

        var change = Assert.Single(changes);
        Assert.Equal(("aws_ecs_service.mlflow", PlanAction.Update), (change.Address, change.Action));
        Assert.Equal(["desired_count"], change.Attributes);
        Assert.Equal("aws_ecs_service.mlflow (change in place): desired_count", change.ToString());
    }

    [Fact]
    public async Task A_replace_names_what_forces_it_and_creates_are_listed_without_attributes()
    {
        var replace = await PlanChanges.ReadAsync(PlanFixtures.Json("replace", PlanFixtures.ReferenceStack), CancellationToken.None);
        var create = await PlanChanges.ReadAsync(PlanFixtures.Json("create", PlanFixtures.ReferenceStack), CancellationToken.None);

        Assert.Contains(replace, c => c.Address == "aws_db_instance.mlflow" && c.Action == PlanAction.Replace && c.Attributes.Contains("db_name"));
        Assert.Equal(52, create.Count);
        Assert.All(create, c => Assert.Equal((PlanAction.Create, 0), (c.Action, c.Attributes.Count)));
    }

    [Fact]
    public async Task A_value_known_only_after_apply_inside_a_map_counts_as_a_change()
    {
        using var folder = new Support.TempDirectory();
        var json = folder.Write("plan.json", """
            {"resource_changes":[{"address":"aws_cloudwatch_log_group.mlflow","change":{"actions":["update"],
              "before":{"name":"/ecs/x","tags":{"applied_at":"2026-11-30T19:00:00Z"},"tags_all":{"applied_at":"2026-11-30T19:00:00Z"}},
              "after":{"name":"/ecs/x","tags_all":{}},
              "after_unknown":{"tags":{"applied_at":true},"tags_all":{"applied_at":true}}}}]}
            """);

        var change = Assert.Single(await PlanChanges.ReadAsync(json, CancellationToken.None));

        Assert.Equal(["tags", "tags_all"], change.Attributes);
    }

    [Fact]
    public async Task A_plan_without_changes_names_nothing() =>
        Assert.Empty(await PlanChanges.ReadAsync(PlanFixtures.Json("noop", PlanFixtures.ReferenceStack), CancellationToken.None));
}

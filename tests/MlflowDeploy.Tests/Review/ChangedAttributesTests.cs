using MlflowDeploy.Review;

namespace MlflowDeploy.Tests.Review;

public sealed class ChangedAttributesTests
{
    [Fact]
    public async Task An_in_place_update_names_exactly_the_attributes_that_change()
    {
        var lines = await ChangedAttributes.ReadAsync(PlanFixtures.Json("change", PlanFixtures.ReferenceStack), CancellationToken.None);

        Assert.Equal(["aws_ecs_service.mlflow: desired_count"], lines);
    }

    [Fact]
    public async Task Plans_without_in_place_updates_name_nothing()
    {
        Assert.Empty(await ChangedAttributes.ReadAsync(PlanFixtures.Json("noop", PlanFixtures.ReferenceStack), CancellationToken.None));
        Assert.Empty(await ChangedAttributes.ReadAsync(PlanFixtures.Json("create", PlanFixtures.ReferenceStack), CancellationToken.None));
    }
}

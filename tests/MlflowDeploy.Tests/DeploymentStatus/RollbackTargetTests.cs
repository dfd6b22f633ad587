using MlflowDeploy.DeploymentStatus;

namespace MlflowDeploy.Tests.DeploymentStatus;

/// <summary>Which release Rollback plans, with which overrides, and each reason it refuses.</summary>
public sealed class RollbackTargetTests
{
    private const string Repository = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/mlflow-prod";
    private static readonly string DigestA = $"sha256:{new string('a', 64)}";
    private static readonly string DigestB = $"sha256:{new string('b', 64)}";
    private static readonly Release Old = new("2.17.2", $"{Repository}@{DigestA}");
    private static readonly Release New = new("2.18.0", $"{Repository}@{DigestB}");

    private static RollbackTarget Choose(ReleaseHistory history, Release? running = null) =>
        RollbackTarget.Choose(history, running ?? history.Current ?? New, Repository, "production");

    private static string Refusal(ReleaseHistory history, Release? running = null)
    {
        var error = Assert.Throws<ActionableError>(() => Choose(history, running));
        Assert.Equal(2, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("Rollback refused: ", error.Message);
        return error.Message;
    }

    [Fact]
    public void The_previous_release_is_planned_by_version_and_by_digest_in_the_stacks_repository()
    {
        var target = Choose(new ReleaseHistory(New, Old, null, null));

        Assert.Equal(Old, target.To);
        Assert.Equal(New, target.From);
        Assert.Equal([("mlflow_version", "2.17.2"), ("mlflow_image_digest", DigestA)], target.Overrides.Select(o => (o.Name, o.Value)));
    }

    [Fact]
    public void Only_what_differs_is_overridden()
    {
        var sameImage = Choose(new ReleaseHistory(New, New with { MlflowVersion = "2.17.2" }, null, null));
        var sameVersion = Choose(new ReleaseHistory(New, Old with { MlflowVersion = "2.18.0" }, null, null));

        Assert.Equal(["mlflow_version"], sameImage.Overrides.Select(o => o.Name));
        Assert.Equal(["mlflow_image_digest"], sameVersion.Overrides.Select(o => o.Name));
    }

    [Fact]
    public void A_stack_on_an_explicit_image_gets_the_previous_image_as_mlflow_image_whatever_its_form()
    {
        var explicitNow = new Release("2.18.0", "ghcr.io/acme/mlflow-deploy:2.18.0");

        var toExplicit = Choose(new ReleaseHistory(explicitNow, new Release("2.17.2", "ghcr.io/acme/mlflow-deploy:2.17.2"), null, null));
        var toPinned = Choose(new ReleaseHistory(explicitNow, Old, null, null));

        Assert.Contains(toExplicit.Overrides, o => o is { Name: "mlflow_image", Value: "ghcr.io/acme/mlflow-deploy:2.17.2" });
        Assert.Contains(toPinned.Overrides, o => o.Name == "mlflow_image" && o.Value == Old.Image);
    }

    [Fact]
    public void A_previous_explicit_image_under_a_digest_pinned_stack_is_refused_with_the_commit_to_make()
    {
        var message = Refusal(new ReleaseHistory(New, new Release("2.17.2", "ghcr.io/acme/mlflow-deploy:2.17.2"), null, null));

        Assert.Contains("mlflow_image = \"ghcr.io/acme/mlflow-deploy:2.17.2\"", message);
    }

    [Fact]
    public void A_schema_migration_since_the_previous_release_is_refused_naming_the_snapshot_to_restore()
    {
        const string snapshot = "mlflow-prod-production-2-17-2-to-2-18-0-20261201-101500";

        var message = Refusal(new ReleaseHistory(New, Old, snapshot, null));

        Assert.Contains("a schema migration ran since MLflow 2.17.2", message);
        Assert.Contains($"--target=Restore --snapshot={snapshot} --environment=production", message);
        Assert.Contains("mlflow_version = \"2.17.2\"", message);
    }

    [Fact]
    public void A_migration_without_a_snapshot_is_refused_too()
    {
        var message = Refusal(new ReleaseHistory(New, Old, ReleaseHistory.NoSnapshot, null));

        Assert.Contains("no snapshot was taken before it", message);
    }

    [Fact]
    public void A_migration_of_an_apply_that_did_not_record_its_release_is_refused()
    {
        var message = Refusal(new ReleaseHistory(New, Old, null, "snap-x"));

        Assert.Contains("snapshot snap-x was taken before it", message);
    }

    [Fact]
    public void Without_a_recorded_previous_release_there_is_nothing_to_roll_back_to()
    {
        Assert.Contains("no release is recorded", Refusal(ReleaseHistory.Empty, New));
        Assert.Contains("no previous release", Refusal(new ReleaseHistory(New, null, null, null)));
    }

    [Fact]
    public void A_history_that_does_not_match_the_state_is_refused()
    {
        var message = Refusal(new ReleaseHistory(Old, New, null, null), running: New);

        Assert.Contains("the last Apply did not record its release", message);
    }

    [Fact]
    public void A_stack_without_the_image_output_is_refused()
    {
        var error = Assert.Throws<ActionableError>(() => RollbackTarget.Choose(new ReleaseHistory(New, Old, null, null), null, Repository, "production"));

        Assert.Contains("mlflow_image output", error.Message);
    }
}

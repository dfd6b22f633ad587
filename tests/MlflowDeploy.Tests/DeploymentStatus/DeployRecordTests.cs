using System.Text.RegularExpressions;
using MlflowDeploy.DeploymentStatus;
using MlflowDeploy.Review;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.DeploymentStatus;

public sealed class DeployRecordTests
{
    private static readonly PlanManifest Manifest = new()
    {
        Environment = "staging",
        PlanFile = "plan.bin",
        Sha256 = "8c6cc4e6e26980e3f62ef3e1653acb7ecfaf3f3955b87d345b2b062a224312a8",
        GitCommit = "5529dd0ecd5cc3fd87b113e933dd617aebcb8a3a",
        CreatedUtc = DateTimeOffset.Parse("2026-12-01T10:00:00Z"),
        VarOverrides = ["desired_count", "db_instance_class"],
    };

    [Fact]
    public void The_record_round_trips_through_ecs_tags()
    {
        var record = DeployRecord.Of(Manifest, DateTimeOffset.Parse("2026-12-01T10:15:00.789Z"));

        var tags = record.ToTags();
        var read = DeployRecord.FromTags(tags);

        Assert.Equal("2026-12-01T10:15:00Z", tags[DeployRecord.AppliedAtKey]);
        Assert.Equal("desired_count db_instance_class", tags[DeployRecord.OverridesKey]);
        Assert.NotNull(read);
        Assert.Equal(Manifest.GitCommit, read.Commit);
        Assert.Equal(Manifest.Sha256, read.PlanSha256);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T10:15:00Z"), read.AppliedAt);
        Assert.Equal(["desired_count", "db_instance_class"], read.Overrides);
    }

    [Fact]
    public void Every_value_uses_only_characters_ecs_allows_in_tags()
    {
        var tags = DeployRecord.Of(Manifest with { GitCommit = null, VarOverrides = [] }, DateTimeOffset.UtcNow).ToTags();

        Assert.All(tags, tag =>
        {
            Assert.Matches(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$", tag.Value);
            Assert.InRange(tag.Key.Length, 1, 128);
        });
        Assert.Equal("unknown", tags[DeployRecord.CommitKey]);
    }

    [Fact]
    public void A_service_without_the_record_has_none() =>
        Assert.Null(DeployRecord.FromTags(new Dictionary<string, string> { ["Project"] = "mlflow-deploy", [DeployRecord.CommitKey] = "abc" }));

    [Fact]
    public void Infra_ignores_every_tag_of_the_record_on_the_ecs_service_so_it_is_never_drift()
    {
        var ecs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "ecs.tf"));
        var service = Regex.Match(ecs, @"resource ""aws_ecs_service"" ""mlflow"" \{.*?\n\}", RegexOptions.Singleline).Value;
        var ignored = Regex.Match(service, @"ignore_changes = \[(.*?)\n\s*\]", RegexOptions.Singleline).Groups[1].Value;

        Assert.All(DeployRecord.Keys, key => Assert.Contains($"tags[\"{key}\"]", ignored));
    }
}

using System.Text.RegularExpressions;
using MlflowDeploy.DeploymentStatus;
using MlflowDeploy.InitTask;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.DeploymentStatus;

public sealed class ReleaseHistoryTests
{
    private const string Repository = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/mlflow-prod";
    private static readonly Release V1 = new("2.17.2", $"{Repository}@sha256:{new string('1', 64)}");
    private static readonly Release V2 = new("2.18.0", $"{Repository}@sha256:{new string('2', 64)}");
    private static readonly Release V3 = new("2.19.0", $"{Repository}@sha256:{new string('3', 64)}");

    [Fact]
    public void The_first_release_has_no_previous_one()
    {
        var history = ReleaseHistory.Empty.After(V1);

        Assert.Equal(new ReleaseHistory(V1, null, null, null), history);
    }

    [Fact]
    public void A_new_release_pushes_the_running_one_back_and_only_this_applys_migration_lies_between_them()
    {
        var migratedEarlier = new ReleaseHistory(V2, V1, "snap-1-to-2", null);

        Assert.Equal(new ReleaseHistory(V3, V2, null, null), migratedEarlier.After(V3));
        Assert.Equal(new ReleaseHistory(V3, V2, "snap-2-to-3", null), (migratedEarlier with { PendingMigration = "snap-2-to-3" }).After(V3));
    }

    [Fact]
    public void The_same_release_applied_again_keeps_its_previous_one_and_any_migration_since()
    {
        Assert.Equal(new ReleaseHistory(V2, V1, "snap-1-to-2", null), new ReleaseHistory(V2, V1, "snap-1-to-2", null).After(V2));
        Assert.Equal(new ReleaseHistory(V2, V1, ReleaseHistory.NoSnapshot, null), new ReleaseHistory(V2, V1, null, ReleaseHistory.NoSnapshot).After(V2));
    }

    [Fact]
    public void The_history_round_trips_through_ecs_tags_and_cleared_values_read_as_none()
    {
        var history = new ReleaseHistory(V2, V1, "mlflow-prod-production-2-17-2-to-2-18-0-20261201-101500", null);

        var tags = history.ToTags();

        Assert.Equal($"2.18.0 {V2.Image}", tags[ReleaseHistory.CurrentKey]);
        Assert.Equal("", tags[ReleaseHistory.PendingMigrationKey]);
        Assert.Equal(history, ReleaseHistory.FromTags(tags));
        Assert.Equal(ReleaseHistory.Empty, ReleaseHistory.FromTags(new Dictionary<string, string> { ["Project"] = "mlflow-deploy" }));
        Assert.Equal(ReleaseHistory.Empty, ReleaseHistory.FromTags(null));
    }

    [Fact]
    public void Every_value_uses_only_characters_ecs_allows_in_tags()
    {
        var tags = new ReleaseHistory(V2, new Release("2.17.2", "ghcr.io/acme/mlflow-deploy:2.17.2"), ReleaseHistory.NoSnapshot, "snap-a").ToTags();

        Assert.All(tags, tag =>
        {
            Assert.Matches(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$", tag.Value);
            Assert.InRange(tag.Key.Length, 1, 128);
        });
    }

    [Fact]
    public void Infra_ignores_every_tag_of_the_history_on_the_ecs_service_so_it_is_never_drift()
    {
        var ecs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "ecs.tf"));
        var service = Regex.Match(ecs, @"resource ""aws_ecs_service"" ""mlflow"" \{.*?\n\}", RegexOptions.Singleline).Value;
        var ignored = Regex.Match(service, @"ignore_changes = \[(.*?)\n\s*\]", RegexOptions.Singleline).Groups[1].Value;

        Assert.All(ReleaseHistory.Keys, key => Assert.Contains($"tags[\"{key}\"]", ignored));
    }

    [Fact]
    public void A_schema_migration_is_what_alembic_logs_for_an_applied_revision()
    {
        // mlflow db upgrade on a current schema: alembic's context lines only.
        string[] current =
        [
            "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
            "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
        ];

        Assert.False(SchemaMigrationRecord.Migrated(current));
        Assert.True(SchemaMigrationRecord.Migrated([.. current, "INFO  [alembic.runtime.migration] Running upgrade 0584bdc529eb -> f5a4f2784254, increase run tag value limit to 8000"]));
    }

    [Fact]
    public void A_release_reads_its_digest_and_whether_the_stacks_repository_pins_it()
    {
        Assert.Equal($"sha256:{new string('2', 64)}", V2.Digest);
        Assert.True(V2.IsPinnedIn(Repository));
        Assert.False(V2.IsPinnedIn("123456789012.dkr.ecr.eu-west-2.amazonaws.com/other"));
        Assert.False(new Release("2.18.0", "ghcr.io/acme/mlflow-deploy:2.18.0").IsPinnedIn(Repository));
        Assert.Null(new Release("2.18.0", "ghcr.io/acme/mlflow-deploy:2.18.0").Digest);
        Assert.Null(Release.FromTagValue(""));
        Assert.Null(Release.FromTagValue("2.18.0"));
    }
}

using MlflowDeploy.Backup;
using MlflowDeploy.Review;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Backup;

public sealed class BackupRecordsTests
{
    [Fact]
    public void A_snapshot_is_named_stack_environment_and_utc_time()
    {
        var at = new DateTimeOffset(2026, 12, 1, 11, 15, 0, TimeSpan.FromHours(1));

        Assert.Equal("mlflow-prod-production-20261201-101500", SnapshotName.For("mlflow-prod", "production", at));
    }

    [Theory]
    [InlineData("mlflow-prod-production-20261201-101500", null)]
    [InlineData("1mlflow", "it must start with a letter")]
    [InlineData("mlflow_prod", "only letters, digits and hyphens are allowed")]
    [InlineData("mlflow--prod", "it cannot hold two hyphens in a row or end with one")]
    [InlineData("mlflow-", "it cannot hold two hyphens in a row or end with one")]
    [InlineData("", "it must be 1 to 255 characters")]
    public void Identifiers_follow_RDS_rules(string identifier, string? problem) =>
        Assert.Equal(problem, SnapshotName.Problem(identifier));

    [Fact]
    public void A_stack_name_rds_would_refuse_is_one_line() =>
        Assert.StartsWith("the snapshot name 'mlflow--x-local-",
            Assert.Throws<ActionableError>(() => SnapshotName.For("mlflow-", "x-local", DateTimeOffset.UtcNow)).Message);

    [Fact]
    public void The_experiment_count_travels_in_the_snapshot_tags()
    {
        var tags = new SnapshotRecord("mlflow-prod", "production", 42).ToTags();

        Assert.Equal("42", tags[SnapshotRecord.ExperimentCountKey]);
        Assert.Equal("mlflow-prod", tags["Stack"]);
        Assert.Equal("production", tags["Environment"]);
        Assert.Equal(42, SnapshotRecord.ExperimentCountIn(tags));
        Assert.False(new SnapshotRecord("s", "e", null).ToTags().ContainsKey(SnapshotRecord.ExperimentCountKey));
        Assert.Null(SnapshotRecord.ExperimentCountIn(new Dictionary<string, string> { [SnapshotRecord.ExperimentCountKey] = "-1" }));
        Assert.Null(SnapshotRecord.ExperimentCountIn(null));
    }

    [Fact]
    public async Task The_restore_record_round_trips_and_a_missing_one_is_none()
    {
        using var scratch = new TempDirectory();
        var path = scratch.File("restore.json");
        Assert.Null(await RestoreRecord.ReadAsync(path, CancellationToken.None));

        var record = new RestoreRecord
        {
            Snapshot = "mlflow-prod-production-20261201-101500",
            DbInstance = "mlflow-prod-db",
            SnapshotCreated = DateTimeOffset.Parse("2026-12-01T10:15:00Z"),
            ExperimentCount = 42,
            PlannedUtc = DateTimeOffset.Parse("2026-12-01T11:00:00Z"),
        };
        await record.WriteAsync(path, CancellationToken.None);

        Assert.Contains("\"experiment_count\": 42", await File.ReadAllTextAsync(path));
        Assert.Equal(record, await RestoreRecord.ReadAsync(path, CancellationToken.None));
    }

    [Fact]
    public async Task An_unreadable_restore_record_is_one_line()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Write("restore.json", "{ not json");

        var error = await Assert.ThrowsAsync<ActionableError>(() => RestoreRecord.ReadAsync(path, CancellationToken.None));

        Assert.StartsWith("restore.json is unreadable (", error.Message);
        Assert.EndsWith("run Restore again, or delete it to verify without the restore check", error.Message);
    }

    [Fact]
    public void A_restore_plan_must_replace_the_database()
    {
        PlanSummary Summary(params PlannedResource[] resources) => new()
        {
            ToAdd = 0, ToChange = 0, ToDestroy = 0, ToReplace = resources.Length, Reads = 0, NoOps = 0,
            Resources = resources, ChangedOutputs = [], Drift = [],
        };

        RestorePlan.EnsureReplacesInstance(Summary(new PlannedResource(RestorePlan.DbInstanceAddress, "aws_db_instance", PlanAction.Replace, [])));
        var error = Assert.Throws<ActionableError>(() =>
            RestorePlan.EnsureReplacesInstance(Summary(new PlannedResource(RestorePlan.IncarnationAddress, "terraform_data", PlanAction.Replace, []))));
        Assert.StartsWith("the restore plan does not replace aws_db_instance.mlflow", error.Message);
    }
}

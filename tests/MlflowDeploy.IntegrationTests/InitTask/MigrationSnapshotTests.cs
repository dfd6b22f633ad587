using MlflowDeploy.InitTask;
using MlflowDeploy.Tests.Aws;
using MlflowDeploy.Tests.Verification;

namespace MlflowDeploy.Tests.InitTask;

/// <summary>The snapshot before a migration, against a real moto_server: taken only when the running version changes.</summary>
public sealed class MigrationSnapshotTests(MotoAwsScenario moto) : IClassFixture<MotoAwsScenario>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset At = new(2026, 11, 30, 17, 45, 1, TimeSpan.Zero);

    private async Task<(string? Name, List<string> Log)> TakeAsync(InitTaskSettings settings)
    {
        var log = new List<string>();
        var name = await MigrationSnapshot.TakeIfVersionChangesAsync(moto.Clients, settings, new ManualTimeProvider(At), log.Add, None);
        return (name, log);
    }

    private async Task<IReadOnlyList<string>> SnapshotsAsync(string instance) =>
        (await moto.Clients.Rds.DescribeDbSnapshotsAsync(instance, None)).Select(s => s.Identifier).ToList();

    [Fact]
    public async Task A_version_bump_snapshots_the_database_under_both_versions_and_waits_until_it_is_available()
    {
        var settings = await InitTaskStack.CreateAsync(moto, "snap-bump", version: "2.18.0");
        await InitTaskStack.CreateDatabaseAsync(moto, settings.DbInstance);
        await InitTaskStack.CreateServiceAsync(moto, settings, version: "2.17.2");

        var (name, log) = await TakeAsync(settings);

        Assert.Equal("snap-bump-local-2-17-2-to-2-18-0-20261130-174501", name);
        Assert.Equal(["snap-bump-local-2-17-2-to-2-18-0-20261130-174501"], await SnapshotsAsync(settings.DbInstance));
        Assert.Equal(
            [
                "MLflow 2.17.2 -> 2.18.0: snapshotting snap-bump-db as snap-bump-local-2-17-2-to-2-18-0-20261130-174501 before the migration",
                "snapshot snap-bump-local-2-17-2-to-2-18-0-20261130-174501 is available",
            ],
            log);
    }

    [Fact]
    public async Task The_first_deploy_and_an_unchanged_version_take_no_snapshot()
    {
        var first = await InitTaskStack.CreateAsync(moto, "snap-first");
        await InitTaskStack.CreateDatabaseAsync(moto, first.DbInstance);
        var same = await InitTaskStack.CreateAsync(moto, "snap-same", version: "2.18.0");
        await InitTaskStack.CreateDatabaseAsync(moto, same.DbInstance);
        await InitTaskStack.CreateServiceAsync(moto, same, version: "2.18.0");

        var (none, firstLog) = await TakeAsync(first);
        var (unchanged, sameLog) = await TakeAsync(same);

        Assert.Equal((null, null), (none, unchanged));
        Assert.Equal(["no running service snap-first yet: first deploy, no snapshot needed"], firstLog);
        Assert.Equal(["the service already runs MLflow 2.18.0: no version change, no snapshot needed"], sameLog);
        Assert.Empty(await SnapshotsAsync(first.DbInstance));
        Assert.Empty(await SnapshotsAsync(same.DbInstance));
    }

    [Fact]
    public async Task A_service_whose_task_definition_records_no_version_is_snapshotted_as_unknown()
    {
        var settings = await InitTaskStack.CreateAsync(moto, "snap-untagged");
        await InitTaskStack.CreateDatabaseAsync(moto, settings.DbInstance);
        await InitTaskStack.CreateServiceAsync(moto, settings, version: null);

        var (name, _) = await TakeAsync(settings);

        Assert.Equal("snap-untagged-local-unknown-to-2-18-0-20261130-174501", name);
    }

    [Theory]
    [InlineData("mlflow-prod", "production", "2.17.2", "2.18.0", "mlflow-prod-production-2-17-2-to-2-18-0-20261130-174501")]
    [InlineData("mlflow-local", "local-ci--x", null, "3.0.0rc1", "mlflow-local-local-ci-x-unknown-to-3-0-0rc1-20261130-174501")]
    public void Names_hold_only_letters_digits_and_single_hyphens(string stack, string environment, string? from, string to, string expected)
    {
        Assert.Equal(expected, MigrationSnapshot.Name(stack, environment, from, to, At));
    }
}

/// <summary>The wait for the snapshot, against RDS's response format and a manual clock.</summary>
public sealed class MigrationSnapshotWaitTests
{
    private const string Ns = "http://rds.amazonaws.com/doc/2014-10-31/";

    [Fact]
    public void A_snapshot_still_creating_at_the_deadline_fails_the_hook_in_one_line()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall("AmazonEC2ContainerServiceV20141113.DescribeServices")).RespondWith(StubbedAws.Json(200,
            """{"services":[{"serviceName":"mlflow-prod","status":"ACTIVE","taskDefinition":"arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-prod:6"}],"failures":[]}"""));
        aws.Server.Given(StubbedAws.JsonCall("AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition")).RespondWith(StubbedAws.Json(200,
            """{"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-prod:6","family":"mlflow-prod","revision":6,"containerDefinitions":[]},"tags":[{"key":"mlflow-deploy:mlflow-version","value":"2.17.2"}]}"""));
        aws.Server.Given(StubbedAws.QueryCall("DescribeDBInstances")).RespondWith(StubbedAws.Xml(200,
            $"<DescribeDBInstancesResponse xmlns=\"{Ns}\"><DescribeDBInstancesResult><DBInstances><DBInstance><DBInstanceIdentifier>mlflow-prod-db</DBInstanceIdentifier><DBInstanceStatus>available</DBInstanceStatus></DBInstance></DBInstances></DescribeDBInstancesResult></DescribeDBInstancesResponse>"));
        const string creating = "<DBSnapshot><DBSnapshotIdentifier>s</DBSnapshotIdentifier><DBInstanceIdentifier>mlflow-prod-db</DBInstanceIdentifier><Status>creating</Status><PercentProgress>40</PercentProgress></DBSnapshot>";
        aws.Server.Given(StubbedAws.QueryCall("CreateDBSnapshot")).RespondWith(StubbedAws.Xml(200,
            $"<CreateDBSnapshotResponse xmlns=\"{Ns}\"><CreateDBSnapshotResult>{creating}</CreateDBSnapshotResult></CreateDBSnapshotResponse>"));
        aws.Server.Given(StubbedAws.QueryCall("DescribeDBSnapshots")).RespondWith(StubbedAws.Xml(200,
            $"<DescribeDBSnapshotsResponse xmlns=\"{Ns}\"><DescribeDBSnapshotsResult><DBSnapshots>{creating}</DBSnapshots></DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>"));
        var settings = new InitTaskSettings
        {
            Environment = "production", Stack = "mlflow-prod", Region = "eu-west-2", Cluster = "mlflow-prod", Service = "mlflow-prod",
            TaskDefinition = "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-prod:7", Container = "mlflow", Subnets = ["subnet-a"],
            SecurityGroups = ["sg-1"], MlflowVersion = "2.18.0", DbInstance = "mlflow-prod-db", AuthSecrets = new Dictionary<string, string>(),
            TaskTimeout = TimeSpan.FromMinutes(15), SnapshotTimeout = TimeSpan.FromMinutes(3),
        };
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var log = new List<string>();

        var error = Assert.Throws<ActionableError>(() => ManualClock.Drive(time,
            () => MigrationSnapshot.TakeIfVersionChangesAsync(aws.Clients, settings, time, log.Add, CancellationToken.None)));

        Assert.Equal(
            "snapshot mlflow-prod-production-2-17-2-to-2-18-0-20261130-120000 was not available within 3 min (last status: creating): the migration did not run and the service was not changed — "
            + "re-run Apply once the snapshot is available, or raise db_snapshot_timeout_minutes",
            error.Message);
        Assert.Contains("snapshot mlflow-prod-production-2-17-2-to-2-18-0-20261130-120000: creating (40%)", log);
        Assert.Equal(TimeSpan.FromMinutes(3), time.GetUtcNow() - new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    }
}

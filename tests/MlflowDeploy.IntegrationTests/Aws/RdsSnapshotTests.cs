using MlflowDeploy.Aws;
using WireMock.RequestBuilders;

namespace MlflowDeploy.Tests.Aws;

/// <summary>
/// CreateDBSnapshot and DescribeDBSnapshots against a stub in RDS's response format (a snapshot that is
/// <c>creating</c> first, as RDS answers), and against moto, which makes snapshots available at once.
/// </summary>
public sealed class RdsSnapshotTests
{
    private const string Ns = "http://rds.amazonaws.com/doc/2014-10-31/";

    private static string Snapshot(string status, int progress) => $"""
        <DBSnapshot><DBSnapshotIdentifier>mlflow-prod-production-2-17-2-to-2-18-0-20261130-120000</DBSnapshotIdentifier>
        <DBInstanceIdentifier>mlflow-prod-db</DBInstanceIdentifier><Status>{status}</Status><SnapshotType>manual</SnapshotType>
        <PercentProgress>{progress}</PercentProgress><SnapshotCreateTime>2026-11-30T12:00:03.512Z</SnapshotCreateTime></DBSnapshot>
        """;

    [Fact]
    public async Task Create_sends_the_instance_and_name_and_reads_the_creating_snapshot()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.QueryCall("CreateDBSnapshot")).RespondWith(StubbedAws.Xml(200,
            $"<CreateDBSnapshotResponse xmlns=\"{Ns}\"><CreateDBSnapshotResult>{Snapshot("creating", 0)}</CreateDBSnapshotResult></CreateDBSnapshotResponse>"));

        var snapshot = await aws.Clients.Rds.CreateDbSnapshotAsync("mlflow-prod-db", "mlflow-prod-production-2-17-2-to-2-18-0-20261130-120000", CancellationToken.None);

        Assert.Equal(
            new RdsDbSnapshot("mlflow-prod-production-2-17-2-to-2-18-0-20261130-120000", "mlflow-prod-db", "creating", "manual", 0,
                new DateTimeOffset(2026, 11, 30, 12, 0, 3, 512, TimeSpan.Zero)),
            snapshot with { Tags = null });
        Assert.Empty(snapshot.Tags!);
        Assert.False(snapshot.IsAvailable);
        Assert.Equal(
            "Action=CreateDBSnapshot&Version=2014-10-31&DBInstanceIdentifier=mlflow-prod-db&DBSnapshotIdentifier=mlflow-prod-production-2-17-2-to-2-18-0-20261130-120000",
            aws.Server.LogEntries.Single().RequestMessage.Body);
    }

    [Fact]
    public async Task Describe_reads_the_status_and_a_missing_snapshot_is_null()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(Request.Create().WithPath("/").UsingPost().WithBody(b => b != null && b.Contains("Action=DescribeDBSnapshots&") && b.Contains("DBSnapshotIdentifier=known")))
            .RespondWith(StubbedAws.Xml(200, $"<DescribeDBSnapshotsResponse xmlns=\"{Ns}\"><DescribeDBSnapshotsResult><DBSnapshots>{Snapshot("available", 100)}</DBSnapshots></DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>"));
        aws.Server.Given(Request.Create().WithPath("/").UsingPost().WithBody(b => b != null && b.Contains("DBSnapshotIdentifier=unknown")))
            .RespondWith(StubbedAws.Xml(404, $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>DBSnapshotNotFound</Code><Message>DBSnapshot unknown not found.</Message></Error></ErrorResponse>"));

        var known = await aws.Clients.Rds.DescribeDbSnapshotAsync("known", CancellationToken.None);

        Assert.Equal(("available", 100, true), (known!.Status, known.PercentProgress, known.IsAvailable));
        Assert.Null(await aws.Clients.Rds.DescribeDbSnapshotAsync("unknown", CancellationToken.None));
    }

}

/// <summary>The snapshot calls against moto, which makes a snapshot available at once.</summary>
public sealed class RdsSnapshotMotoTests(MotoAwsScenario moto) : IClassFixture<MotoAwsScenario>
{
    [Fact]
    public async Task A_snapshot_of_a_real_instance_is_created_found_and_listed()
    {
        await moto.AwsCliAsync("rds", "create-db-instance", "--db-instance-identifier", "snap-db", "--engine", "postgres",
            "--db-instance-class", "db.t3.micro", "--master-username", "mlflow", "--manage-master-user-password", "--allocated-storage", "20");

        var created = await moto.Clients.Rds.CreateDbSnapshotAsync("snap-db", "snap-db-2-17-2-to-2-18-0", CancellationToken.None);
        var found = await moto.Clients.Rds.DescribeDbSnapshotAsync("snap-db-2-17-2-to-2-18-0", CancellationToken.None);
        var listed = await moto.Clients.Rds.DescribeDbSnapshotsAsync("snap-db", CancellationToken.None);

        Assert.Equal(("snap-db-2-17-2-to-2-18-0", "snap-db"), (created.Identifier, created.InstanceIdentifier));
        Assert.True(found!.IsAvailable);
        Assert.Equal(["snap-db-2-17-2-to-2-18-0"], listed.Select(s => s.Identifier));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => moto.Clients.Rds.CreateDbSnapshotAsync("no-such-db", "x-1", CancellationToken.None));
        Assert.Equal("DBInstanceNotFound", error.ErrorCode);
    }
}

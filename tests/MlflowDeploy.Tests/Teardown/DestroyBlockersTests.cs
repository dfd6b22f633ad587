using System.Net;
using System.Text;
using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Teardown;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Teardown;

/// <summary>
/// What Destroy refuses before anything changes, read from a destroy plan's JSON as terraform writes it (only the
/// deletions of managed resources count) and, for a final snapshot's name, from RDS's answer. RDS is an in-process
/// handler that answers in the Query protocol's XML and records what was asked; it fails any call a case must not make.
/// </summary>
public sealed class DestroyBlockersTests : IDisposable
{
    private const string Database = "mlflow-prod-db";
    private readonly TempDirectory _folder = new();
    private readonly RdsAnswers _rds = new();

    [Fact]
    public async Task A_database_with_deletion_protection_is_refused_with_the_reviewed_change_that_lifts_it()
    {
        var blockers = await FindAsync(Deletion("aws_db_instance", "mlflow", new { identifier = Database, deletion_protection = true, skip_final_snapshot = true }));

        var blocker = Assert.Single(blockers);
        Assert.Equal(
            $"aws_db_instance.mlflow ({Database}) has deletion protection on — plan and apply db_deletion_protection = false through a reviewed change (Plan, review, Apply), then Destroy again",
            blocker);
        Assert.Empty(_rds.Asked);
    }

    [Fact]
    public async Task A_plan_that_AWS_would_carry_out_is_not_refused()
    {
        var blockers = await FindAsync(
            Deletion("aws_db_instance", "mlflow", new { identifier = Database, deletion_protection = false, skip_final_snapshot = true }),
            Deletion("aws_lb", "mlflow", new { name = "mlflow-prod", enable_deletion_protection = false }),
            Deletion("aws_s3_bucket", "logs", new { bucket = "mlflow-prod-logs", force_destroy = true }));

        Assert.Empty(blockers);
        Assert.Empty(_rds.Asked);
    }

    [Fact]
    public async Task A_load_balancer_with_deletion_protection_is_refused()
    {
        var blockers = await FindAsync(Deletion("aws_lb", "mlflow", new { name = "mlflow-prod", enable_deletion_protection = true }));

        Assert.Equal(
            "aws_lb.mlflow (mlflow-prod) has deletion protection on — plan and apply alb_deletion_protection = false through a reviewed change (Plan, review, Apply), then Destroy again",
            Assert.Single(blockers));
    }

    [Fact]
    public async Task A_final_snapshot_name_already_taken_is_refused_naming_the_snapshot_that_holds_it()
    {
        const string name = "mlflow-prod-db-final-20261130204500";
        _rds.Snapshot = (name, "mlflow-prod-db", "2026-11-30T20:51:31.123Z");

        var blockers = await FindAsync(Deletion("aws_db_instance", "mlflow", new { identifier = Database, skip_final_snapshot = false, final_snapshot_identifier = name }));

        Assert.Equal(
            $"the final snapshot name {name} of aws_db_instance.mlflow ({Database}) is already taken (a snapshot of mlflow-prod-db from 2026-11-30 20:51 UTC) — "
            + "AWS refuses a second one of that name; copy that snapshot under another name and delete it (or delete it if it is not needed), then Destroy again",
            Assert.Single(blockers));
        Assert.Equal([$"DescribeDBSnapshots {name}"], _rds.Asked);
    }

    [Fact]
    public async Task A_free_final_snapshot_name_is_not_refused()
    {
        const string name = "mlflow-prod-db-final-20261130204500";

        var blockers = await FindAsync(Deletion("aws_db_instance", "mlflow", new { identifier = Database, skip_final_snapshot = false, final_snapshot_identifier = name }));

        Assert.Empty(blockers);
        Assert.Equal([$"DescribeDBSnapshots {name}"], _rds.Asked);
    }

    [Fact]
    public async Task A_final_snapshot_without_a_name_is_refused_before_AWS_is_asked()
    {
        var blockers = await FindAsync(Deletion("aws_db_instance", "mlflow", new { identifier = Database, skip_final_snapshot = false, final_snapshot_identifier = (string?)null }));

        Assert.Contains("needs a final snapshot but has no final_snapshot_identifier", Assert.Single(blockers));
        Assert.Empty(_rds.Asked);
    }

    [Fact]
    public async Task Protection_and_a_taken_snapshot_name_are_both_named()
    {
        const string name = "mlflow-prod-db-final-20261130204500";
        _rds.Snapshot = (name, "mlflow-prod-db", "2026-11-30T20:51:31Z");

        var blockers = await FindAsync(Deletion("aws_db_instance", "mlflow", new { identifier = Database, deletion_protection = true, skip_final_snapshot = false, final_snapshot_identifier = name }));

        Assert.Equal(2, blockers.Count);
        Assert.Contains("has deletion protection on", blockers[0]);
        Assert.Contains($"the final snapshot name {name}", blockers[1]);
    }

    [Fact]
    public async Task A_kept_resource_in_the_destroy_plan_is_refused_as_a_bug()
    {
        var blockers = await FindAsync(
            ["aws_s3_bucket.artifacts[0]"],
            Deletion("aws_s3_bucket", "artifacts", new { bucket = "mlflow-prod-artifacts", force_destroy = true }, "aws_s3_bucket.artifacts[0]"));

        Assert.Equal("the destroy plan deletes aws_s3_bucket.artifacts[0], which Destroy keeps — report this as a bug", Assert.Single(blockers));
    }

    [Fact]
    public async Task Only_deletions_of_managed_resources_count()
    {
        var protectedDatabase = new { identifier = Database, deletion_protection = true, skip_final_snapshot = true };
        var plan = await PlanAsync(
            Change("aws_db_instance.mlflow", "aws_db_instance", "mlflow", ["no-op"], protectedDatabase),
            Change("data.aws_db_instance.other", "aws_db_instance", "other", ["read"], protectedDatabase, mode: "data"),
            Change("aws_lb.mlflow", "aws_lb", "mlflow", ["create"], null));

        Assert.Empty(plan.Deletions);
        Assert.Empty(await DestroyBlockers.FindAsync(plan, [], Aws(), CancellationToken.None));
    }

    [Fact]
    public async Task A_replaced_resource_counts_as_a_deletion()
    {
        var plan = await PlanAsync(Change("aws_db_instance.mlflow", "aws_db_instance", "mlflow", ["delete", "create"], new { identifier = Database, deletion_protection = true, skip_final_snapshot = true }));

        var deletion = Assert.Single(plan.Deletions);
        Assert.Equal(("aws_db_instance.mlflow", "aws_db_instance", "mlflow"), (deletion.Address, deletion.Type, deletion.Name));
        Assert.True(deletion.IsOn("deletion_protection"));
        Assert.Equal(Database, deletion.Text("identifier"));
        Assert.Null(deletion.Text("deletion_protection"));
    }

    public void Dispose() => _folder.Dispose();

    private Task<IReadOnlyList<string>> FindAsync(params object[] changes) => FindAsync([], changes);

    private async Task<IReadOnlyList<string>> FindAsync(IReadOnlyCollection<string> kept, params object[] changes)
    {
        var plan = await PlanAsync(changes);
        using var aws = Aws();
        return await DestroyBlockers.FindAsync(plan, kept, aws, CancellationToken.None);
    }

    private AwsClients Aws() => AwsClients.Create(
        new AwsCredentials("AKIDEXAMPLE", "secret"), "eu-west-2",
        name => name == "AWS_ENDPOINT_URL" ? "http://rds.test" : null,
        AwsRetryPolicy.Default,
        new HttpClient(_rds));

    private async Task<DestroyPlan> PlanAsync(params object[] changes)
    {
        var file = _folder.Write($"plan-{Guid.NewGuid():N}.json", JsonSerializer.Serialize(new { format_version = "1.2", resource_changes = changes }));
        return await DestroyPlan.ReadAsync(file, CancellationToken.None);
    }

    private static object Deletion(string type, string name, object before, string? address = null) =>
        Change(address ?? $"{type}.{name}", type, name, ["delete"], before);

    private static object Change(string address, string type, string name, string[] actions, object? before, string mode = "managed") =>
        new { address, mode, type, name, change = new { actions, before, after = (object?)null } };

    /// <summary>RDS in the Query protocol: DescribeDBSnapshots by identifier, answered with the one snapshot set or DBSnapshotNotFound.</summary>
    private sealed class RdsAnswers : HttpMessageHandler
    {
        public (string Name, string Instance, string Created)? Snapshot { get; set; }

        public List<string> Asked { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = System.Web.HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync(cancellationToken));
            var action = form["Action"];
            if (action != "DescribeDBSnapshots")
                throw new InvalidOperationException($"unexpected call {action}");
            var name = form["DBSnapshotIdentifier"];
            Asked.Add($"{action} {name}");
            const string ns = "http://rds.amazonaws.com/doc/2014-10-31/";
            if (Snapshot is { } snapshot && snapshot.Name == name)
            {
                return Xml(HttpStatusCode.OK, $"""
                    <DescribeDBSnapshotsResponse xmlns="{ns}"><DescribeDBSnapshotsResult><DBSnapshots><DBSnapshot>
                    <DBSnapshotIdentifier>{snapshot.Name}</DBSnapshotIdentifier><DBInstanceIdentifier>{snapshot.Instance}</DBInstanceIdentifier>
                    <Status>available</Status><SnapshotType>manual</SnapshotType><PercentProgress>100</PercentProgress>
                    <SnapshotCreateTime>{snapshot.Created}</SnapshotCreateTime>
                    </DBSnapshot></DBSnapshots></DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>
                    """);
            }

            return Xml(HttpStatusCode.NotFound, $"""
                <ErrorResponse xmlns="{ns}"><Error><Type>Sender</Type><Code>DBSnapshotNotFound</Code><Message>DBSnapshot {name} not found.</Message></Error><RequestId>1</RequestId></ErrorResponse>
                """);
        }

        private static HttpResponseMessage Xml(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
    }
}

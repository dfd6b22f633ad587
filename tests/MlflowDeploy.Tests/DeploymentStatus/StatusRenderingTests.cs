using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.DeploymentStatus;

namespace MlflowDeploy.Tests.DeploymentStatus;

/// <summary>The screen and status.json carry the same facts; a part that could not be read says why in both.</summary>
public sealed class StatusRenderingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T10:20:00Z");

    private static StatusReport Healthy() => new()
    {
        Environment = "production",
        Stack = "mlflow-prod",
        Region = "eu-west-2",
        Url = "https://mlflow.example.com",
        ReadAt = Now,
        Service = StatusPart<ServiceState>.Of(new ServiceState("mlflow-prod", "ACTIVE", 2, 2, 0, "COMPLETED", "ECS deployment ecs-svc/1 completed.",
            "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-prod:7", 1)),
        Targets = StatusPart<TargetsState>.Of(new TargetsState(2, 2, [])),
        Database = StatusPart<DatabaseState>.Of(new DatabaseState("mlflow-prod-db", "available", "db.t3.micro", 20, 17d * 1024 * 1024 * 1024)),
        Mlflow = StatusPart<MlflowState>.Of(new MlflowState("https://mlflow.example.com/", "2.18.0", "2.18.0", null)),
        LastDeploy = StatusPart<DeployRecord>.Of(new DeployRecord("5529dd0ecd5cc3fd87b113e933dd617aebcb8a3a", Now.AddMinutes(-12),
            "8c6cc4e6e26980e3f62ef3e1653acb7ecfaf3f3955b87d345b2b062a224312a8", ["desired_count"])),
        Alarms = StatusPart<AlarmsState>.Of(new AlarmsState("mlflow-prod-", 3, [], false)),
    };

    [Fact]
    public void A_healthy_deployment_is_one_screen_of_ticks()
    {
        var lines = StatusConsoleText.Render(Healthy()).TrimEnd('\n').Split('\n');

        Assert.Equal(
        [
            "mlflow-prod · production (eu-west-2) — https://mlflow.example.com",
            "  ✓ service  mlflow-prod: 2 desired · 2 running · 0 pending · rollout COMPLETED · mlflow-prod:7",
            "  ✓ targets  2 of 2 healthy",
            "  ✓ database mlflow-prod-db: available (db.t3.micro) · storage 3.0 of 20 GiB used (15%)",
            "  ✓ mlflow   2.18.0 at https://mlflow.example.com/",
            "  · deploy   commit 5529dd0ecd5c · applied 2026-12-01 10:08:00 UTC (12m 00s ago) · plan sha256 8c6cc4e6e269 · overrides: desired_count",
            "  ✓ alarms   3 defined, none in ALARM",
        ], lines);
    }

    [Fact]
    public void Problems_are_marked_and_say_what_is_wrong()
    {
        var report = Healthy() with
        {
            Service = StatusPart<ServiceState>.Of(new ServiceState("mlflow-prod", "ACTIVE", 2, 0, 1, "FAILED", "ECS deployment circuit breaker: tasks failed to start.", null, 2)),
            Targets = StatusPart<TargetsState>.Of(new TargetsState(1, 2, ["10.0.1.7:5000 unhealthy (Target.FailedHealthChecks)"])),
            Database = StatusPart<DatabaseState>.Missing("not allowed: rds:DescribeDBInstances"),
            Mlflow = StatusPart<MlflowState>.Of(new MlflowState("https://mlflow.example.com/", null, "2.18.0", "unable to connect — connection refused")),
            LastDeploy = StatusPart<DeployRecord>.Missing("none recorded on the ECS service (Apply records each deploy)"),
            Alarms = StatusPart<AlarmsState>.Of(new AlarmsState("mlflow-prod-", 3, [new MetricAlarm("mlflow-prod-5xx", "ALARM", "Threshold Crossed: 1 datapoint [12.0]", Now)], false)),
        };

        var text = StatusConsoleText.Render(report);

        Assert.Contains("  ✗ service  mlflow-prod: 2 desired · 0 running · 1 pending · rollout FAILED (ECS deployment circuit breaker: tasks failed to start.) · 2 deployments\n", text);
        Assert.Contains("  ⚠ targets  1 of 2 healthy — 10.0.1.7:5000 unhealthy (Target.FailedHealthChecks)\n", text);
        Assert.Contains("  ✗ database not available: not allowed: rds:DescribeDBInstances\n", text);
        Assert.Contains("  ✗ mlflow   unreachable at https://mlflow.example.com/: unable to connect — connection refused\n", text);
        Assert.Contains("  · deploy   not available: none recorded on the ECS service (Apply records each deploy)\n", text);
        Assert.Contains("  ✗ alarms   1 of 3 in ALARM: mlflow-prod-5xx (Threshold Crossed: 1 datapoint [12.0])\n", text);
    }

    [Fact]
    public void Storage_without_a_datapoint_and_a_version_other_than_deployed_are_said_plainly()
    {
        var report = Healthy() with
        {
            Database = StatusPart<DatabaseState>.Of(new DatabaseState("mlflow-prod-db", "available", "db.t3.micro", 20, null)),
            Mlflow = StatusPart<MlflowState>.Of(new MlflowState("https://mlflow.example.com/", "2.17.2", "2.18.0", null)),
            Alarms = StatusPart<AlarmsState>.Of(new AlarmsState("mlflow-prod-", 0, [], false)),
        };

        var text = StatusConsoleText.Render(report);

        Assert.Contains("storage 20 GiB allocated, used unknown (no FreeStorageSpace datapoint in the last hour)", text);
        Assert.Contains("  ⚠ mlflow   2.17.2 at https://mlflow.example.com/, but the stack deploys 2.18.0\n", text);
        Assert.Contains("  · alarms   none defined (no alarm named mlflow-prod-*)\n", text);
    }

    [Fact]
    public void The_document_holds_the_same_facts_and_each_missing_part_as_unavailable()
    {
        var report = Healthy() with { Database = StatusPart<DatabaseState>.Missing("not allowed: rds:DescribeDBInstances") };
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            StatusJson.Write(writer, report);
        }

        using var json = JsonDocument.Parse(buffer.ToArray());
        var root = json.RootElement;
        Assert.Equal(
            ["environment", "stack", "region", "url", "read_at", "service", "targets", "database", "mlflow", "last_deploy", "alarms"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-12-01T10:20:00Z", root.GetProperty("read_at").GetString());
        Assert.Equal(2, root.GetProperty("service").GetProperty("running").GetInt32());
        Assert.Equal("COMPLETED", root.GetProperty("service").GetProperty("rollout_state").GetString());
        Assert.Equal(2, root.GetProperty("targets").GetProperty("healthy").GetInt32());
        Assert.Equal("not allowed: rds:DescribeDBInstances", root.GetProperty("database").GetProperty(StatusJson.UnavailableField).GetString());
        Assert.Single(root.GetProperty("database").EnumerateObject());
        Assert.Equal("2.18.0", root.GetProperty("mlflow").GetProperty("version").GetString());
        var deploy = root.GetProperty("last_deploy");
        Assert.Equal("8c6cc4e6e26980e3f62ef3e1653acb7ecfaf3f3955b87d345b2b062a224312a8", deploy.GetProperty("plan_sha256").GetString());
        Assert.Equal("2026-12-01T10:08:00Z", deploy.GetProperty("applied_at").GetString());
        Assert.Equal(["desired_count"], deploy.GetProperty("overrides").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, root.GetProperty("alarms").GetProperty("in_alarm").GetArrayLength());
    }

    [Fact]
    public void Used_storage_is_the_allocation_less_free_space()
    {
        var database = new DatabaseState("db", "available", null, 20, 17d * 1024 * 1024 * 1024);

        Assert.Equal(3, database.UsedGiB!.Value, precision: 6);
        Assert.Null((database with { FreeStorageBytes = null }).UsedGiB);
        Assert.Null((database with { AllocatedGiB = null }).UsedGiB);
    }
}

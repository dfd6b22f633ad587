using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.InitTask;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.Aws;
using MlflowDeploy.Tests.Verification;

namespace MlflowDeploy.Tests.InitTask;

/// <summary>
/// The one-shot init task against a real moto_server through the local stand-in: the RunTask call moto records
/// (task definition, command override, subnets, security group) and the simulated task's log lines streamed back.
/// </summary>
public sealed class InitTaskRunTests(MotoAwsScenario moto) : IClassFixture<MotoAwsScenario>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<JsonElement> InitTaskAsync(InitTaskSettings settings)
    {
        var arns = await moto.AwsCliAsync("ecs", "list-tasks", "--cluster", settings.Cluster, "--started-by", InitTaskRun.StartedBy);
        var arn = Assert.Single(arns.GetProperty("taskArns").EnumerateArray()).GetString()!;
        return (await moto.AwsCliAsync("ecs", "describe-tasks", "--cluster", settings.Cluster, "--tasks", arn)).GetProperty("tasks")[0];
    }

    [Fact]
    public async Task Runs_one_task_of_the_new_definition_with_the_init_command_in_the_service_network_and_streams_its_lines()
    {
        var settings = await InitTaskStack.CreateAsync(moto, "run-ok");
        var log = new List<string>();

        await InitTaskRun.RunAsync(new SimulatedInitTaskHost(moto.Clients, moto.Clients, authEnabled: true, stagedFailure: null, log.Add), moto.Clients, settings, TimeProvider.System, log.Add, None);

        var task = await InitTaskAsync(settings);
        Assert.Equal(settings.TaskDefinition, task.GetProperty("taskDefinitionArn").GetString());
        Assert.Equal("""{"containerOverrides":[{"name":"mlflow","command":["init"]}]}""", JsonSerializer.Serialize(task.GetProperty("overrides")));
        Assert.Equal((InitTaskRun.Group, "FARGATE", "STOPPED"), (task.GetProperty("group").GetString(), task.GetProperty("launchType").GetString(), task.GetProperty("lastStatus").GetString()));
        var eni = task.GetProperty("attachments")[0].GetProperty("details").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("value").GetString()!);
        Assert.Contains(eni["subnetId"], settings.Subnets);
        var groups = (await moto.AwsCliAsync("ec2", "describe-network-interfaces", "--network-interface-ids", eni["networkInterfaceId"]))
            .GetProperty("NetworkInterfaces")[0].GetProperty("Groups").EnumerateArray().Select(g => g.GetProperty("GroupId").GetString());
        Assert.Equal(settings.SecurityGroups, groups);

        var streamed = log.Where(l => l.StartsWith("init task | ", StringComparison.Ordinal)).ToList();
        Assert.All(streamed, l => Assert.StartsWith("init task | SIMULATION: ", l));
        Assert.Equal("init task | SIMULATION: mlflow-deploy: init done", streamed[^1]);
        Assert.Contains("init task | SIMULATION: mlflow-deploy: verification user mlflow-verify (not an admin): created or updated", streamed);
        Assert.EndsWith("finished (exit 0)", log[^1]);
    }

    [Fact]
    public async Task A_staged_migration_failure_fails_with_the_tasks_last_error_line()
    {
        var settings = await InitTaskStack.CreateAsync(moto, "run-fail");
        var log = new List<string>();

        var error = await Assert.ThrowsAsync<ActionableError>(() => InitTaskRun.RunAsync(
            new SimulatedInitTaskHost(moto.Clients, moto.Clients, authEnabled: true, stagedFailure: "relation \"runs\" does not exist", log.Add), moto.Clients, settings, TimeProvider.System, log.Add, None));

        var id = (await InitTaskAsync(settings)).GetProperty("taskArn").GetString()!.Split('/')[^1];
        Assert.Equal(
            $"init task {id} failed (exit 1): SIMULATION: mlflow-deploy: ERROR: mlflow db upgrade failed (exit 1): sqlalchemy.exc.OperationalError: (staged by MLFLOW_DEPLOY_STAGE_INIT_FAILURE) relation \"runs\" does not exist — "
            + "the service was not changed; fix the cause and re-run Apply",
            error.Message);
        Assert.DoesNotContain(log, l => l.Contains("init done", StringComparison.Ordinal));
    }
}

/// <summary>The init task on ECS itself (EcsInitTaskHost), against ECS's and CloudWatch Logs' response formats and a manual clock.</summary>
public sealed class InitTaskRunOnEcsTests
{
    private const string TaskArn = "arn:aws:ecs:eu-west-2:123456789012:task/mlflow-prod/0a1b2c3d4e5f";
    private const string DefinitionArn = "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-prod:7";

    private static readonly InitTaskSettings Settings = new()
    {
        Environment = "production", Stack = "mlflow-prod", Region = "eu-west-2", Cluster = "mlflow-prod", Service = "mlflow-prod",
        TaskDefinition = DefinitionArn, Container = "mlflow", Subnets = ["subnet-a", "subnet-b"], SecurityGroups = ["sg-1"],
        MlflowVersion = "2.18.0", DbInstance = "mlflow-prod-db", AuthSecrets = new Dictionary<string, string>(),
        TaskTimeout = TimeSpan.FromMinutes(1), SnapshotTimeout = TimeSpan.FromMinutes(20),
    };

    private static StubbedAws Ecs(string stoppedTask, bool containerLogged = true)
    {
        var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall("AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition")).RespondWith(StubbedAws.Json(200, $$$$"""
            {"taskDefinition":{"taskDefinitionArn":"{{{{DefinitionArn}}}}","family":"mlflow-prod","revision":7,"containerDefinitions":[{"name":"mlflow",
            "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/mlflow-prod","awslogs-stream-prefix":"mlflow"}}}]},"tags":[]}
            """));
        aws.Server.Given(StubbedAws.JsonCall("AmazonEC2ContainerServiceV20141113.RunTask")).RespondWith(StubbedAws.Json(200,
            $$"""{"tasks":[{"taskArn":"{{TaskArn}}","lastStatus":"PROVISIONING","desiredStatus":"RUNNING","taskDefinitionArn":"{{DefinitionArn}}"}],"failures":[]}"""));
        aws.Sequence(StubbedAws.JsonCall("AmazonEC2ContainerServiceV20141113.DescribeTasks"),
            [StubbedAws.Json(200, $$"""{"tasks":[{"taskArn":"{{TaskArn}}","lastStatus":"RUNNING","containers":[{"name":"mlflow","lastStatus":"RUNNING"}]}],"failures":[]}""")],
            StubbedAws.Json(200, stoppedTask));
        aws.Server.Given(StubbedAws.JsonCall("AmazonEC2ContainerServiceV20141113.StopTask")).RespondWith(StubbedAws.Json(200, "{}"));
        if (!containerLogged)
        {
            aws.Server.Given(StubbedAws.JsonCall("Logs_20140328.GetLogEvents")).RespondWith(StubbedAws.Json(400, """{"__type":"ResourceNotFoundException","message":"The specified log stream does not exist."}"""));
            return aws;
        }

        aws.Sequence(StubbedAws.JsonCall("Logs_20140328.GetLogEvents"),
            [
                StubbedAws.Json(400, """{"__type":"ResourceNotFoundException","message":"The specified log stream does not exist."}"""),
                StubbedAws.Json(200, """{"events":[{"timestamp":1764504000000,"message":"mlflow-deploy: upgrading the tracking schema: mlflow db upgrade"},{"timestamp":1764504000001,"message":"sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation \"experiments\" does not exist"}],"nextForwardToken":"f/2"}"""),
                StubbedAws.Json(200, """{"events":[{"timestamp":1764504000002,"message":"mlflow-deploy: ERROR: mlflow db upgrade failed (exit 1): sqlalchemy.exc.ProgrammingError: relation \"experiments\" does not exist"}],"nextForwardToken":"f/3"}"""),
            ],
            StubbedAws.Json(200, """{"events":[],"nextForwardToken":"f/3"}"""));
        return aws;
    }

    [Fact]
    public void A_task_that_exits_1_fails_the_hook_quoting_its_last_error_line_after_the_sent_RunTask()
    {
        using var aws = Ecs($$"""{"tasks":[{"taskArn":"{{TaskArn}}","lastStatus":"STOPPED","stoppedReason":"Essential container in task exited","containers":[{"name":"mlflow","lastStatus":"STOPPED","exitCode":1}]}],"failures":[]}""");
        var time = new ManualTimeProvider();
        var log = new List<string>();

        var error = Assert.Throws<ActionableError>(() => ManualClock.Drive(time, async () =>
        {
            await InitTaskRun.RunAsync(new EcsInitTaskHost(aws.Clients.Ecs), aws.Clients, Settings, time, log.Add, CancellationToken.None);
            return 0;
        }));

        Assert.Equal(
            "init task 0a1b2c3d4e5f failed (exit 1): mlflow-deploy: ERROR: mlflow db upgrade failed (exit 1): sqlalchemy.exc.ProgrammingError: relation \"experiments\" does not exist — "
            + "the service was not changed; fix the cause and re-run Apply",
            error.Message);
        var run = aws.Server.LogEntries.Single(e => e.RequestMessage.Headers!["X-Amz-Target"].Contains("AmazonEC2ContainerServiceV20141113.RunTask"));
        using var sent = JsonDocument.Parse(run.RequestMessage.Body!);
        Assert.Equal(DefinitionArn, sent.RootElement.GetProperty("taskDefinition").GetString());
        Assert.Equal(("FARGATE", 1, InitTaskRun.StartedBy, InitTaskRun.Group),
            (sent.RootElement.GetProperty("launchType").GetString(), sent.RootElement.GetProperty("count").GetInt32(),
             sent.RootElement.GetProperty("startedBy").GetString(), sent.RootElement.GetProperty("group").GetString()));
        Assert.Equal("""{"containerOverrides":[{"name":"mlflow","command":["init"]}]}""", sent.RootElement.GetProperty("overrides").GetRawText());
        Assert.Equal("""{"awsvpcConfiguration":{"subnets":["subnet-a","subnet-b"],"securityGroups":["sg-1"],"assignPublicIp":"DISABLED"}}""",
            sent.RootElement.GetProperty("networkConfiguration").GetRawText());
        Assert.Contains("init task | sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation \"experiments\" does not exist", log);
        var stream = aws.Server.LogEntries.First(e => e.RequestMessage.Headers!["X-Amz-Target"].Contains("Logs_20140328.GetLogEvents"));
        Assert.Contains("\"logStreamName\":\"mlflow/mlflow/0a1b2c3d4e5f\"", stream.RequestMessage.Body);
    }

    [Fact]
    public void A_task_that_never_stops_is_stopped_at_the_deadline_and_named()
    {
        var running = $$"""{"tasks":[{"taskArn":"{{TaskArn}}","lastStatus":"RUNNING","containers":[{"name":"mlflow","lastStatus":"RUNNING"}]}],"failures":[]}""";
        using var aws = Ecs(running);
        var time = new ManualTimeProvider();

        var error = Assert.Throws<ActionableError>(() => ManualClock.Drive(time, async () =>
        {
            await InitTaskRun.RunAsync(new EcsInitTaskHost(aws.Clients.Ecs), aws.Clients, Settings, time, _ => { }, CancellationToken.None);
            return 0;
        }));

        Assert.StartsWith("init task 0a1b2c3d4e5f did not finish within 1 min and was stopped; last line: mlflow-deploy: ERROR: mlflow db upgrade failed", error.Message);
        var stop = aws.Server.LogEntries.Single(e => e.RequestMessage.Headers!["X-Amz-Target"].Contains("AmazonEC2ContainerServiceV20141113.StopTask"));
        Assert.Contains("deadline of 1 min passed", stop.RequestMessage.Body);
    }

    [Fact]
    public void A_task_that_never_started_its_container_names_ECS_reason()
    {
        using var aws = Ecs($$"""{"tasks":[{"taskArn":"{{TaskArn}}","lastStatus":"STOPPED","stoppedReason":"Task failed to start","containers":[{"name":"mlflow","lastStatus":"STOPPED","reason":"CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref"}]}],"failures":[]}""", containerLogged: false);
        var time = new ManualTimeProvider();

        var error = Assert.Throws<ActionableError>(() => ManualClock.Drive(time, async () =>
        {
            await InitTaskRun.RunAsync(new EcsInitTaskHost(aws.Clients.Ecs), aws.Clients, Settings, time, _ => { }, CancellationToken.None);
            return 0;
        }));

        Assert.Equal(
            "init task 0a1b2c3d4e5f failed (no exit code: CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref): "
            + "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref — the service was not changed; fix the cause and re-run Apply",
            error.Message);
    }
}

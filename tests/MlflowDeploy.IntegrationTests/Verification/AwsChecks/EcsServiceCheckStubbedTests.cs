using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Aws;
using MlflowDeploy.Verification;
using static MlflowDeploy.Tests.Aws.StubbedAws;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>
/// States moto cannot reach (rolloutState FAILED, a circuit-breaker rollback event, AccessDenied, an expired
/// token), served over real HTTP in AWS's JSON 1.1 format by a local stub.
/// </summary>
public sealed class EcsServiceCheckStubbedTests : IDisposable
{
    private const string Cluster = "mlflow-prod";
    private const string Service = "mlflow-prod";
    private const string Applied = "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-prod:7";
    private const string TaskArn = "arn:aws:ecs:eu-west-2:123456789012:task/mlflow-prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private readonly StubbedAws _aws = new();

    private static DeploymentOutputs Outputs => new()
    {
        Region = "eu-west-2", MlflowUrl = "https://mlflow.example.com", MlflowVersion = "2.18.0", ClusterName = Cluster, ServiceName = Service,
        ContainerName = "mlflow", TaskDefinitionArn = Applied, DesiredCount = 2,
        LoadBalancerArn = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/mlflow-prod/1",
        TargetGroupArn = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:targetgroup/mlflow-prod/1",
        LogGroupName = "/ecs/mlflow-prod", DbInstanceIdentifier = "mlflow-prod", ArtifactBucketName = "mlflow-prod-artifacts",
    };

    private static string ServiceJson(string rolloutState, string reason, string events) => $$"""
        {"services":[{"serviceName":"{{Service}}","serviceArn":"arn:aws:ecs:eu-west-2:123456789012:service/{{Cluster}}/{{Service}}","status":"ACTIVE",
          "desiredCount":2,"runningCount":0,"pendingCount":0,"taskDefinition":"{{Applied}}",
          "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","taskDefinition":"{{Applied}}","desiredCount":2,"runningCount":0,"failedTasks":3,
            "createdAt":{{DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()}},"rolloutState":"{{rolloutState}}","rolloutStateReason":"{{reason}}"}],
          "events":[{{events}}]}],"failures":[]}
        """;

    private void StubStoppedTask()
    {
        _aws.Server.Given(JsonCall("AmazonEC2ContainerServiceV20141113.ListTasks")).RespondWith(StubbedAws.Json(200, $$"""{"taskArns":["{{TaskArn}}"]}"""));
        _aws.Server.Given(JsonCall("AmazonEC2ContainerServiceV20141113.DescribeTasks")).RespondWith(StubbedAws.Json(200, $$"""
            {"tasks":[{"taskArn":"{{TaskArn}}","group":"service:{{Service}}","lastStatus":"STOPPED","desiredStatus":"STOPPED",
              "stopCode":"EssentialContainerExited","stoppedReason":"Essential container in task exited",
              "stoppedAt":{{DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds()}},"taskDefinitionArn":"{{Applied}}",
              "containers":[{"name":"mlflow","lastStatus":"STOPPED","exitCode":1}]}],"failures":[]}
            """));
    }

    [Fact]
    public async Task A_FAILED_rollout_fails_at_once_with_ECS_reason_events_and_stopped_task_exit_codes()
    {
        _aws.Server.Given(JsonCall("AmazonEC2ContainerServiceV20141113.DescribeServices")).RespondWith(StubbedAws.Json(200,
            ServiceJson("FAILED", "ECS deployment circuit breaker: tasks failed to start.",
                """{"createdAt":1795795000,"message":"(service mlflow-prod) deployment ecs-svc/1 deployment failed: tasks failed to start."}""")));
        StubStoppedTask();

        var report = await AwsCheckRun.RunAsync(TimeSpan.FromMinutes(5), new EcsServiceCheck(_aws.Clients.Ecs, Outputs));

        var result = report.Result("ecs.service");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("rollout FAILED: ECS deployment circuit breaker: tasks failed to start.", result.Detail);
        Assert.Contains(result.Diagnosis, d => d.EndsWith("(service mlflow-prod) deployment ecs-svc/1 deployment failed: tasks failed to start.", StringComparison.Ordinal));
        Assert.Contains(result.Diagnosis, d => d.StartsWith("task 0f1e2d3c4b5a69788796a5b4c3d2e1f0 stopped at ", StringComparison.Ordinal)
            && d.EndsWith(": Essential container in task exited [EssentialContainerExited]; mlflow exit 1", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.Zero, report.Duration); // decided on the first look: the runner never slept
    }

    [Fact]
    public async Task A_circuit_breaker_rollback_event_fails_at_once_even_while_the_rollout_reads_in_progress()
    {
        _aws.Server.Given(JsonCall("AmazonEC2ContainerServiceV20141113.DescribeServices")).RespondWith(StubbedAws.Json(200,
            ServiceJson("IN_PROGRESS", "ECS deployment ecs-svc/1 in progress.",
                $$"""{"createdAt":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"message":"(service mlflow-prod) (deployment ecs-svc/1) deployment circuit breaker: rolling back to deployment ecs-svc/0."}""")));
        StubStoppedTask();

        var report = await AwsCheckRun.RunAsync(TimeSpan.FromMinutes(5), new EcsServiceCheck(_aws.Clients.Ecs, Outputs));

        var result = report.Result("ecs.service");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("the deployment circuit breaker is rolling back: (service mlflow-prod)", result.Detail);
        Assert.Equal(TimeSpan.Zero, report.Duration); // decided on the first look: the runner never slept
    }

    [Theory]
    [InlineData("AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:DescribeServices on resource: *", "AWS denied ecs:DescribeServices")]
    [InlineData("ExpiredTokenException", "The security token included in the request is expired", "AWS credentials have expired")]
    public async Task Access_denied_and_an_expired_token_end_at_once_as_could_not_run_in_one_line(string code, string message, string expected)
    {
        _aws.Server.Given(JsonCall("AmazonEC2ContainerServiceV20141113.DescribeServices"))
            .RespondWith(StubbedAws.Json(400, $$"""{"__type":"{{code}}","message":"{{message}}"}"""));

        var report = await AwsCheckRun.RunAsync(TimeSpan.FromMinutes(5), new EcsServiceCheck(_aws.Clients.Ecs, Outputs));

        var result = report.Result("ecs.service");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith(expected, result.Detail);
        Assert.DoesNotContain('\n', result.Detail);
        Assert.Equal(VerificationOutcome.CouldNotRun, report.Outcome);
        Assert.Equal(2, report.ExitCode);
        Assert.Equal(TimeSpan.Zero, report.Duration); // decided on the first look: the runner never slept
    }

    public void Dispose() => _aws.Dispose();
}

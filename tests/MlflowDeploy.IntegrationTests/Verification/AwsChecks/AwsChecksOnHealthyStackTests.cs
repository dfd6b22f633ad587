using MlflowDeploy.Aws;
using MlflowDeploy.Tests.Support;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>
/// The seven AWS checks against a real moto holding the stack (moto reports services' desired count running),
/// with the local Fargate stand-in where a scenario needs tasks, targets and logs.
/// </summary>
public sealed class AwsChecksOnHealthyStackTests(HealthyEmulatedStack moto) : IClassFixture<HealthyEmulatedStack>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_healthy_stack_with_the_stand_in_passes_all_seven_AWS_checks()
    {
        var outputs = await moto.CreateAsync();
        await moto.StandInAsync(outputs);

        var report = await AwsCheckRun.RunAsync(Long, [.. DeploymentVerification.AwsChecks(outputs, moto.Clients)]);

        Assert.All(report.Checks, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Name}: {c.Status} {c.Detail}"));
        Assert.Equal(["ecs.service", "ecs.tasks", "alb", "logs", "rds", "s3", "alarms"], report.Checks.Select(c => c.Name));
        Assert.Contains("rollout COMPLETED, 2/2 running", report.Result("ecs.service").Detail);
        Assert.Contains("2 task(s) RUNNING and HEALTHY", report.Result("ecs.tasks").Detail);
        Assert.Contains("2/2 targets healthy", report.Result("alb").Detail);
        Assert.Contains("start-up lines from all 2 task(s), no error lines", report.Result("logs").Detail);
        Assert.Contains("encrypted, private, backups 7 days", report.Result("rds").Detail);
        Assert.Contains("versioning Enabled", report.Result("s3").Detail);
        Assert.Equal("2 alarms, none in ALARM", report.Result("alarms").Detail); // moto creates alarms in OK
        Assert.Equal(VerificationOutcome.Healthy, report.Outcome);
    }

    [Fact]
    public async Task No_registered_targets_and_no_tasks_stay_pending_then_fail_at_the_deadline_with_the_reason()
    {
        var outputs = await moto.CreateAsync();
        var timeout = TimeSpan.FromSeconds(2);

        var report = await AwsCheckRun.RunAsync(timeout,
            new LoadBalancerCheck(moto.Clients.LoadBalancing, outputs), new EcsTasksCheck(moto.Clients.Ecs, outputs));

        Assert.Equal(timeout, report.Duration);
        var alb = report.Result("alb");
        Assert.Equal(CheckStatus.Fail, alb.Status);
        Assert.StartsWith("still no targets registered in the target group (want 2 healthy)", alb.Detail);
        var tasks = report.Result("ecs.tasks");
        Assert.Equal(CheckStatus.Fail, tasks.Status);
        Assert.StartsWith($"still no tasks of service '{outputs.ServiceName}' yet", tasks.Detail);
    }

    [Fact]
    public async Task A_service_running_another_task_definition_than_the_applied_one_fails_at_once_as_a_rollback()
    {
        var outputs = await moto.CreateAsync(serviceRevision: 1, appliedRevision: 2);

        var report = await AwsCheckRun.RunAsync(Long, new EcsServiceCheck(moto.Clients.Ecs, outputs));

        var service = report.Result("ecs.service");
        Assert.Equal(CheckStatus.Fail, service.Status);
        Assert.Equal($"rolled back: the PRIMARY deployment runs {outputs.ServiceName}:1, not {outputs.ServiceName}:2 that Terraform applied", service.Detail);
        Assert.Equal(TimeSpan.Zero, report.Duration); // decided on the first look: the runner never slept
    }

    [Fact]
    public async Task Error_lines_since_the_deployment_fail_logs_and_the_first_three_are_quoted()
    {
        var outputs = await moto.CreateAsync();
        var (tasks, _) = await moto.StandInAsync(outputs);
        var stream = tasks[0].LogStreamName;
        var at = DateTimeOffset.UtcNow;
        await moto.Clients.Logs.PutLogEventsAsync(outputs.LogGroupName, stream,
        [
            new LogEvent(at, "INFO mlflow.server: no error_code here, lower case is not an error"),
            new LogEvent(at.AddMilliseconds(1), "Traceback (most recent call last):"),
            new LogEvent(at.AddMilliseconds(2), "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server failed"),
            new LogEvent(at.AddMilliseconds(3), "ValueError: invalid literal for int() with base 10: 'port'"),
            new LogEvent(at.AddMilliseconds(4), "[2026-11-27 10:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:9)"),
        ], CancellationToken.None);

        var report = await AwsCheckRun.RunAsync(Long, new LogsCheck(moto.Clients.Ecs, moto.Clients.Logs, outputs));

        var logs = report.Result("logs");
        Assert.Equal(CheckStatus.Fail, logs.Status);
        Assert.StartsWith($"4 error line(s) in {outputs.LogGroupName} since ", logs.Detail);
        Assert.Equal(3, logs.Diagnosis.Count);
        Assert.EndsWith($"{stream}: Traceback (most recent call last):", logs.Diagnosis[0]);
        Assert.Contains("OperationalError", logs.Diagnosis[1]);
        Assert.Contains("invalid literal for int()", logs.Diagnosis[2]);
        Assert.Equal(TimeSpan.Zero, report.Duration); // decided on the first look: the runner never slept
        Assert.Contains("## Diagnosis", report.ToMarkdown(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Traceback (most recent call last):", report.ToMarkdown());
    }

    [Fact]
    public async Task A_missing_service_and_a_missing_cluster_fail_at_once()
    {
        var outputs = await moto.CreateAsync();

        var report = await AwsCheckRun.RunAsync(Long,
            new EcsServiceCheck(moto.Clients.Ecs, outputs with { ServiceName = "ghost" }),
            new RenamedCheck("ecs.service/no-cluster", new EcsServiceCheck(moto.Clients.Ecs, outputs with { ClusterName = "no-such-cluster" })),
            new RenamedCheck("ecs.tasks/no-cluster", new EcsTasksCheck(moto.Clients.Ecs, outputs with { ClusterName = "no-such-cluster" })));

        Assert.Equal($"ECS service 'ghost' is missing from cluster '{outputs.ClusterName}': run Apply, or find who deleted it", report.Result("ecs.service").Detail);
        Assert.StartsWith("ECS cluster 'no-such-cluster' does not exist in eu-west-2", report.Result("ecs.service/no-cluster").Detail);
        Assert.StartsWith("ECS cluster 'no-such-cluster' does not exist in eu-west-2", report.Result("ecs.tasks/no-cluster").Detail);
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Fail, c.Status));
        Assert.Equal(VerificationOutcome.Unhealthy, report.Outcome);
        Assert.Equal(TimeSpan.Zero, report.Duration); // decided on the first look: the runner never slept
    }

    [Fact]
    public async Task Short_backups_and_suspended_versioning_fail_rds_and_s3_with_what_to_change()
    {
        var outputs = await moto.CreateAsync();
        await AwsCliAsync("rds", "modify-db-instance", "--db-instance-identifier", outputs.DbInstanceIdentifier, "--backup-retention-period", "1", "--apply-immediately");
        await AwsCliAsync("s3api", "put-bucket-versioning", "--bucket", outputs.ArtifactBucketName, "--versioning-configuration", "Status=Suspended");

        var report = await AwsCheckRun.RunAsync(Long, new RdsInstanceCheck(moto.Clients.Rds, outputs), new ArtifactBucketVersioningCheck(moto.Clients.S3, outputs),
            new RenamedCheck("s3/missing", new ArtifactBucketVersioningCheck(moto.Clients.S3, outputs with { ArtifactBucketName = outputs.ArtifactBucketName + "-gone" })),
            new RenamedCheck("rds/missing", new RdsInstanceCheck(moto.Clients.Rds, outputs with { DbInstanceIdentifier = "gone-db" })));

        Assert.Equal("DB instance is available but backups are kept 1 day(s), fewer than 7 (raise backup_retention_period)", report.Result("rds").Detail);
        Assert.StartsWith($"artifact bucket '{outputs.ArtifactBucketName}' versioning is Suspended, not Enabled", report.Result("s3").Detail);
        Assert.StartsWith($"artifact bucket '{outputs.ArtifactBucketName}-gone' does not exist", report.Result("s3/missing").Detail);
        Assert.StartsWith("DB instance 'gone-db' does not exist", report.Result("rds/missing").Detail);
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Fail, c.Status));
    }

    private async Task AwsCliAsync(params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("aws", ["--endpoint-url", moto.Endpoint.ToString(), .. arguments], CommandDeadline.Helper,
            environment: new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing", ["AWS_DEFAULT_REGION"] = EmulatedStack.Region,
                ["AWS_PROFILE"] = null, ["AWS_SESSION_TOKEN"] = null, ["AWS_ENDPOINT_URL"] = null,
            });
        Assert.True(result.ExitCode == 0, result.StandardError);
    }
}

/// <summary>The same check under another name, so one run can hold two variants of it.</summary>
internal sealed class RenamedCheck(string name, IVerificationCheck inner) : IVerificationCheck
{
    public string Name => name;

    public Task<Probe> ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);
}

using MlflowDeploy.Local;
using MlflowDeploy.Tests.Verification.AwsChecks;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Local;

/// <summary>The Fargate stand-in against a real moto: ECS task records, healthy ALB targets, awslogs start-up lines.</summary>
public sealed class FargateStandInTests(HealthyEmulatedStack moto) : IClassFixture<HealthyEmulatedStack>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Starts_desired_tasks_that_stay_RUNNING_registers_them_healthy_and_writes_their_start_up_lines()
    {
        var outputs = await moto.CreateAsync(desired: 2);

        var (tasks, lines) = await moto.StandInAsync(outputs);

        Assert.Equal(2, tasks.Count);
        Assert.All(lines, l => Assert.StartsWith("SIMULATION: ", l));
        Assert.Contains(lines, l => l.Contains("stands in for Fargate", StringComparison.Ordinal));

        // moto moves a task one state per describe by default; the stand-in must keep them RUNNING.
        var serviceTasks = new ServiceTasks(moto.Clients.Ecs, outputs.ClusterName, outputs.ServiceName);
        for (var look = 0; look < 5; look++)
        {
            var current = await serviceTasks.CurrentAsync(None);
            Assert.Equal(tasks.Select(t => t.TaskArn).Order(), current.Select(t => t.TaskArn).Order());
            Assert.All(current, t => Assert.Equal(("RUNNING", outputs.TaskDefinitionArn, "service:" + outputs.ServiceName), (t.LastStatus, t.TaskDefinitionArn, t.Group)));
            Assert.All(current, t => Assert.StartsWith("ecs-svc/", t.StartedBy));
        }

        var targets = await moto.Clients.LoadBalancing.DescribeTargetHealthAsync(outputs.TargetGroupArn, None);
        Assert.Equal(tasks.Select(t => (t.PrivateIpAddress, (int?)5000, "healthy")).Order(), targets.Select(t => (t.Id, t.Port, t.State)).Order());

        foreach (var task in tasks)
        {
            Assert.Equal($"mlflow/mlflow/{ServiceTasks.TaskId(task.TaskArn)}", task.LogStreamName);
            var events = await moto.Clients.Logs.FilterLogEventsAsync(outputs.LogGroupName, null, null, null, None, logStreamNames: [task.LogStreamName]);
            var messages = events.Events.Select(e => e.Message).ToList();
            Assert.Contains(messages, m => m.EndsWith("[INFO] Starting gunicorn 23.0.0", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("[INFO] Listening at: http://0.0.0.0:5000 (7)", StringComparison.Ordinal));
            Assert.Equal(2, messages.Count(m => m.Contains("[INFO] Booting worker with pid: ", StringComparison.Ordinal)));
            Assert.DoesNotContain(messages, LogErrorPatterns.IsError);
        }
    }

    [Fact]
    public async Task A_second_run_reuses_the_running_tasks_instead_of_starting_more()
    {
        var outputs = await moto.CreateAsync(desired: 2);
        var (first, _) = await moto.StandInAsync(outputs);

        var (second, lines) = await moto.StandInAsync(outputs);

        Assert.Equal(first.Select(t => t.TaskArn).Order(), second.Select(t => t.TaskArn).Order());
        Assert.Contains("SIMULATION: 2 simulated task(s) already running; starting 0 more", lines);
        Assert.Equal(2, (await new ServiceTasks(moto.Clients.Ecs, outputs.ClusterName, outputs.ServiceName).CurrentAsync(None)).Count);
    }

    [Fact]
    public async Task A_missing_service_is_a_one_line_error_that_says_to_apply_first()
    {
        var outputs = await moto.CreateAsync(desired: 1);

        var error = await Assert.ThrowsAsync<ActionableError>(() => moto.StandInAsync(outputs with { ServiceName = "ghost" }));

        Assert.Equal($"ECS service 'ghost' is missing from cluster '{outputs.ClusterName}' in the emulator: run Apply first", error.Message);
    }
}

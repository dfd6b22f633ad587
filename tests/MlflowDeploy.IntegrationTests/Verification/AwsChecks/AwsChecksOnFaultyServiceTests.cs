using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>A rollout that never completes: moto reports one of two tasks running, IN_PROGRESS for ever.</summary>
public sealed class AwsChecksOnStalledRolloutTests(StalledRolloutEmulatedStack moto) : IClassFixture<StalledRolloutEmulatedStack>
{
    [Fact]
    public async Task A_rollout_that_stays_in_progress_is_pending_then_fails_at_the_deadline_with_the_reason()
    {
        var outputs = await moto.CreateAsync(desired: 2);
        var timeout = TimeSpan.FromSeconds(3);
        var progress = new List<VerificationProgress>();
        var options = AwsCheckRun.Options(timeout) with { Progress = new SynchronousProgress<VerificationProgress>(progress.Add) };

        var report = await ManualClockDriver.RunAsync(new ManualTimeProvider(), options, new EcsServiceCheck(moto.Clients.Ecs, outputs));

        Assert.Equal(timeout, report.Duration);
        var service = report.Result("ecs.service");
        Assert.Equal(CheckStatus.Fail, service.Status);
        Assert.Equal("still rollout IN_PROGRESS: 1/2 running after 3 s", service.Detail);
        Assert.Contains(progress, p => p.Pending.Any(c => c.Name == "ecs.service" && c.Reason == "rollout IN_PROGRESS: 1/2 running"));
    }
}

/// <summary>moto reports two running tasks and one failed task for every service.</summary>
public sealed class AwsChecksOnFailedTasksTests(FailedTasksEmulatedStack moto) : IClassFixture<FailedTasksEmulatedStack>
{
    [Fact]
    public async Task Failed_tasks_in_a_completed_rollout_fail_the_service_check_at_once()
    {
        var outputs = await moto.CreateAsync(desired: 2);

        var report = await AwsCheckRun.RunAsync(TimeSpan.FromMinutes(1), new EcsServiceCheck(moto.Clients.Ecs, outputs));

        var service = report.Result("ecs.service");
        Assert.Equal(CheckStatus.Fail, service.Status);
        Assert.Equal("rollout COMPLETED but 1 task(s) failed (2/2 running)", service.Detail);
        Assert.Equal(TimeSpan.Zero, report.Duration); // decided on the first look: the runner never slept
    }
}

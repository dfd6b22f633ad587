using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.MlflowDouble;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

/// <summary>
/// The MLflow checks as Verify assembles them (one call sample across the checks) behind a fault-injecting proxy in
/// front of the double, over real HTTP, on the runner's manual clock with its default backoff. An erratic server
/// fails with the rate it showed well before the deadline; a blip passes with a note; a version mismatch after a
/// completed rollout fails at once.
/// </summary>
public sealed class ErraticServiceTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly ManualTimeProvider _time = new();
    private MlflowDoubleServer _double = null!;
    private FaultInjectingProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _double = await MlflowDoubleServer.StartAsync(version: "2.18.0");
        _proxy = await FaultInjectingProxy.StartAsync(_double.BaseUrl, _ => null);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _double.DisposeAsync();
    }

    private static DeploymentOutputs Outputs(string version) => new()
    {
        Region = "eu-west-2", MlflowUrl = "http://unused", MlflowVersion = version, ClusterName = "c", ServiceName = "s", ContainerName = "mlflow",
        TaskDefinitionArn = "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow:3", DesiredCount = 2, LoadBalancerArn = "lb", TargetGroupArn = "tg",
        LogGroupName = "lg", DbInstanceIdentifier = "db", ArtifactBucketName = "b",
    };

    private async Task<VerificationReport> VerifyAsync(string version = "2.18.0", RolloutVerdict? rollout = null)
    {
        var sample = new MlflowCallSample(_time);
        using var client = new MlflowClient(new MlflowClientOptions { BaseUrl = _proxy.BaseUrl, RequestTimeout = TimeSpan.FromSeconds(10), Answered = sample.Record });
        var checks = MlflowChecks.For(Outputs(version), client, smokeWrite: true, sample, rollout);
        var report = await ManualClockDriver.RunAsync(_time, new VerificationOptions { Environment = "erratic", Timeout = Timeout }, [.. checks]);
        foreach (var check in report.Checks)
        {
            output.WriteLine($"{check.Name} {check.Status} after {check.Duration} of {Timeout}: {check.Detail}");
        }

        return report;
    }

    [Fact]
    public async Task Half_the_calls_answering_502_fails_with_the_rate_in_less_than_half_the_timeout()
    {
        _proxy.Fault = FaultInjectingProxy.EveryOther(502);

        var report = await VerifyAsync();

        Assert.Equal(1, report.ExitCode);
        Assert.True(report.Duration < Timeout / 2, $"took {report.Duration} of the {Timeout} timeout");
        var failed = report.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, c => Assert.Matches(@"healthy and failing intermittently: \d+ of \d+ calls answered 502 Bad Gateway", c.Detail));
        Assert.Contains(failed, c => c.Detail.StartsWith("healthy and failing intermittently: ", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Checks, c => c.Detail.Contains("no healthy MLflow task", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_two_call_blip_passes_with_a_note()
    {
        _proxy.Fault = FaultInjectingProxy.Only(503, 2, 3);

        var report = await VerifyAsync();

        Assert.True(report.ExitCode == 0, string.Join("\n", report.Checks.Select(c => $"{c.Name} {c.Status} {c.Detail}")));
        Assert.Contains(report.Checks, c => c.Detail.Contains("(after a blip: 2 of ", StringComparison.Ordinal) && c.Detail.Contains("calls answered 503 Service Unavailable)", StringComparison.Ordinal));
        Assert.True(report.Duration < Timeout / 2, $"took {report.Duration}");
    }

    [Fact]
    public async Task One_transient_failure_followed_by_success_passes_with_a_note()
    {
        _proxy.Fault = FaultInjectingProxy.Only(502, 1);

        var report = await VerifyAsync();

        Assert.Equal(0, report.ExitCode);
        Assert.Contains(report.Checks, c => c.Detail.Contains("(after a blip: 1 of ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_answering_at_all_is_nothing_healthy_yet_and_waits_for_the_deadline()
    {
        _proxy.Fault = _ => 503;

        var report = await VerifyAsync();

        Assert.Equal(1, report.ExitCode);
        Assert.Equal(Timeout, report.Duration);
        Assert.All(report.Checks, c => Assert.Contains("no healthy MLflow task behind the load balancer yet", c.Detail));
    }

    [Fact]
    public async Task A_version_mismatch_after_a_completed_rollout_fails_at_once()
    {
        var rollout = new RolloutVerdict();
        rollout.Complete("the rollout COMPLETED with every task on mlflow:3");

        var report = await VerifyAsync(version: "2.19.0", rollout);

        var health = report.Checks.Single(c => c.Name == MlflowHealthCheck.CheckName);
        Assert.Equal(CheckStatus.Fail, health.Status);
        Assert.Equal(TimeSpan.Zero, health.Duration);
        Assert.Equal("serving MLflow 2.18.0, expected 2.19.0, although the rollout COMPLETED with every task on mlflow:3 — the image runs another MLflow than infra declares (mlflow_version)", health.Detail);
    }

    [Fact]
    public async Task A_version_mismatch_during_the_rollout_is_still_waited_on()
    {
        var rollout = new RolloutVerdict();

        var report = await VerifyAsync(version: "2.19.0", rollout);

        var health = report.Checks.Single(c => c.Name == MlflowHealthCheck.CheckName);
        Assert.Equal(CheckStatus.Fail, health.Status);
        Assert.Equal(Timeout, health.Duration);
        Assert.Contains("serving MLflow 2.18.0, expected 2.19.0", health.Detail);
    }
}

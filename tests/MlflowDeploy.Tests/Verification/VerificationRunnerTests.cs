using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

public sealed class VerificationRunnerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly List<VerificationProgress> _progress = [];

    private VerificationOptions Options(TimeSpan? timeout = null, params string[] secrets) => new()
    {
        Environment = "test",
        Timeout = timeout ?? TimeSpan.FromMinutes(10),
        TimeProvider = _time,
        Jitter = new Random(7),
        Secrets = secrets,
        Progress = new SynchronousProgress<VerificationProgress>(_progress.Add),
    };

    private VerificationReport Run(VerificationOptions options, params IVerificationCheck[] checks) =>
        ManualClock.Drive(_time, () => new VerificationRunner(options).RunAsync(checks, CancellationToken.None));

    [Fact]
    public void Checks_run_concurrently_so_the_run_takes_as_long_as_the_slowest_check()
    {
        var checks = new[] { 3, 4, 5 }
            .Select(s => ScriptedCheck.PendingThen($"c{s}", _time, 0, Probe.Pass("ok"), TimeSpan.FromSeconds(s)))
            .ToArray();

        var report = Run(Options(), checks);

        Assert.Equal(TimeSpan.FromSeconds(5), report.Duration);
        Assert.Equal([3, 4, 5], report.Checks.Select(c => (int)c.Duration.TotalSeconds));
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal(VerificationOutcome.Healthy, report.Outcome);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void A_pending_check_is_probed_again_with_growing_waits_until_it_passes()
    {
        var check = ScriptedCheck.PendingThen("warming", _time, pending: 3, Probe.Pass("ready"));

        var report = Run(Options(), check);

        Assert.Equal(4, check.Probes);
        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("ready", result.Detail);

        // Waits of 1 s, 2 s and 4 s nominal, each jittered into [half, full].
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void A_check_still_pending_at_the_deadline_fails_with_its_last_reason_and_no_later()
    {
        var check = new ScriptedCheck("stuck", (_, _) => Task.FromResult(Probe.Pending("getting HTTP 503")));

        var report = Run(Options(TimeSpan.FromSeconds(60)), check);

        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("still getting HTTP 503 after 1m 00s", result.Detail);
        Assert.Equal(TimeSpan.FromSeconds(60), report.Duration);

        // Backoff reaches its 10 s cap: about 11 looks in a minute, not a tight loop and not a single look.
        Assert.InRange(check.Probes, 8, 16);
        Assert.Equal(VerificationOutcome.Unhealthy, report.Outcome);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public void A_final_failure_ends_its_check_at_once_while_others_keep_waiting()
    {
        var failing = ScriptedCheck.PendingThen("broken", _time, 0, Probe.Fail("rollout FAILED", "task stopped: OutOfMemory"));
        var slow = ScriptedCheck.PendingThen("slow", _time, pending: 4, Probe.Pass("ok"));

        var report = Run(Options(), failing, slow);

        var broken = report.Checks.Single(c => c.Name == "broken");
        Assert.Equal(1, failing.Probes);
        Assert.Equal(TimeSpan.Zero, broken.Duration);
        Assert.Equal(["task stopped: OutOfMemory"], broken.Diagnosis);
        Assert.True(report.Checks.Single(c => c.Name == "slow").Duration > TimeSpan.FromSeconds(5));
        Assert.Equal(VerificationOutcome.Unhealthy, report.Outcome);
    }

    [Fact]
    public void An_actionable_error_fails_its_check_with_its_line_and_marks_the_run_could_not_run()
    {
        var noAccess = ScriptedCheck.Throwing("ecs.service", new ActionableError("No AWS credentials: run aws sso login or set AWS_PROFILE."));
        var fine = ScriptedCheck.PendingThen("mlflow.health", _time, 0, Probe.Pass("ok"));

        var report = Run(Options(), noAccess, fine);

        var result = report.Checks.Single(c => c.Name == "ecs.service");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("No AWS credentials: run aws sso login or set AWS_PROFILE.", result.Detail);
        Assert.Equal(VerificationOutcome.CouldNotRun, report.Outcome);
        Assert.Equal(2, report.ExitCode);
    }

    [Fact]
    public void Any_other_exception_fails_its_check_with_the_message_only()
    {
        var buggy = ScriptedCheck.Throwing("buggy", new InvalidOperationException("Sequence contains no elements"));

        var report = Run(Options(), buggy);

        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("the check crashed: Sequence contains no elements", result.Detail);
        Assert.DoesNotContain(" at ", report.ToJson());
        Assert.Equal(VerificationOutcome.Unhealthy, report.Outcome);
    }

    [Fact]
    public void A_probe_that_hangs_is_abandoned_after_the_deadline_and_its_grace()
    {
        var hanging = new ScriptedCheck("hangs", async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
            return Probe.Pass("never");
        });

        var report = Run(Options(TimeSpan.FromSeconds(60)) with { ProbeGrace = TimeSpan.FromSeconds(30) }, hanging);

        var result = Assert.Single(report.Checks);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("abandoned", result.Detail);
        Assert.Equal(TimeSpan.FromSeconds(90), report.Duration);
    }

    [Fact]
    public void Progress_names_the_pending_checks_and_their_reasons_with_secrets_masked()
    {
        var check = new ScriptedCheck("mlflow.api", (n, _) => Task.FromResult(
            n < 2 ? Probe.Pending("answered 503 to basic auth with hunter2-sentinel") : Probe.Pass("ok")));

        Run(Options(null, "hunter2-sentinel"), check);

        Assert.NotEmpty(_progress);
        var first = _progress[0];
        var pending = Assert.Single(first.Pending);
        Assert.Equal("mlflow.api", pending.Name);
        Assert.Equal("answered 503 to basic auth with (sensitive)", pending.Reason);
        Assert.Equal(0, first.Finished);
        Assert.Equal(1, first.Total);
        Assert.Equal("[0:00/10:00] 0/1 done | waiting on mlflow.api: answered 503 to basic auth with (sensitive)", first.ToString());

        // The same reason again is not news; the check finishing is.
        Assert.Equal(2, _progress.Count);
        Assert.Empty(_progress[^1].Pending);
        Assert.Equal(1, _progress[^1].Finished);
        Assert.DoesNotContain(_progress, p => p.ToString().Contains("hunter2"));
    }

    [Fact]
    public void While_a_reason_stays_the_same_progress_is_still_reported_every_heartbeat()
    {
        var check = new ScriptedCheck("mlflow.health", (_, _) => Task.FromResult(Probe.Pending("unavailable")));

        Run(Options(TimeSpan.FromMinutes(3)), check);

        var whilePending = _progress.Where(p => p.Pending.Count > 0).ToList();
        Assert.InRange(whilePending.Count, 6, 8);
        var gaps = whilePending.Zip(whilePending.Skip(1), (a, b) => b.Elapsed - a.Elapsed);
        Assert.All(gaps, g => Assert.InRange(g, VerificationRunner.Heartbeat, VerificationRunner.Heartbeat + TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromMinutes(3), _progress[^1].Elapsed);
    }

    [Fact]
    public void Cancellation_by_the_caller_stops_the_run()
    {
        using var cancel = new CancellationTokenSource();
        var check = new ScriptedCheck("c", (n, _) =>
        {
            if (n == 2)
            {
                cancel.Cancel();
            }

            return Task.FromResult(Probe.Pending("waiting"));
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            ManualClock.Drive(_time, () => new VerificationRunner(Options()).RunAsync([check], cancel.Token)));
    }

    [Fact]
    public void Two_checks_with_one_name_are_refused()
    {
        var a = ScriptedCheck.PendingThen("same", _time, 0, Probe.Pass("ok"));
        var b = ScriptedCheck.PendingThen("same", _time, 0, Probe.Pass("ok"));

        var e = Assert.Throws<ArgumentException>(() => Run(Options(), a, b));
        Assert.Contains("same", e.Message);
    }

    [Fact]
    public void Warnings_and_skips_leave_the_run_healthy()
    {
        var report = Run(
            Options(),
            ScriptedCheck.PendingThen("w", _time, 0, Probe.Warn("1 of 2 targets draining")),
            ScriptedCheck.PendingThen("s", _time, 0, Probe.Skip("--smoke-write not given")));

        Assert.Equal(VerificationOutcome.Healthy, report.Outcome);
        Assert.Equal([CheckStatus.Warn, CheckStatus.Skip], report.Checks.Select(c => c.Status));
    }
}

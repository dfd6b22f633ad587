using MlflowDeploy.Migration;
using MlflowDeploy.Tests.Verification;

namespace MlflowDeploy.Tests.Migration;

/// <summary>
/// Interrupted and faulty migrations: each is followed by a migration that completes the copy without making a
/// run twice or sending a metric point twice (the target double counts every point it receives, repeats included).
/// </summary>
public sealed class MigrationResumeTests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private const int Runs = 24;
    private const int StepsPerMetric = 1500;
    private MigrationDoubles _doubles = null!;

    public async Task InitializeAsync()
    {
        _doubles = await MigrationDoubles.StartAsync();
        var experiment = _doubles.Seed.Experiment("resumable", ("team", "nlp"));
        for (var i = 0; i < Runs; i++)
        {
            var run = _doubles.Seed.Run(experiment, $"run-{i}", T0 + i, parameters: [("seed", $"{i}"), ("lr", "0.001")], tags: [("mlflow.user", "bob")]);
            _doubles.Seed.Metric(run, "loss", StepsPerMetric);
            _doubles.Seed.Metric(run, "val_loss", StepsPerMetric / 3);
            _doubles.Seed.Artifact(run, $"plots/epoch/{i}.txt", new byte[100 + i]);
        }
    }

    public async Task DisposeAsync() => await _doubles.DisposeAsync();

    private static long SourcePoints => Runs * (StepsPerMetric + (StepsPerMetric / 3));

    private void AssertFaithfulAndSentOnce()
    {
        foreach (var run in _doubles.Source.Store.Runs)
        {
            CopyAssertions.SameRun(_doubles, run);
            CopyAssertions.SameArtifacts(_doubles, run.RunId);
        }

        Assert.Equal(Runs, _doubles.Target.Store.Runs.Count);
        Assert.Equal(SourcePoints, _doubles.Target.Store.MetricPointsReceived);
    }

    [Fact]
    public async Task A_migration_cancelled_halfway_is_completed_by_the_next_without_duplicates()
    {
        using var kill = new CancellationTokenSource();
        var batches = 0;
        _doubles.Target.Faults.BeforeRequest = path =>
        {
            if (path.EndsWith("runs/log-batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) == 30)
            {
                kill.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _doubles.MigrateAsync(cancellationToken: kill.Token));
        await _doubles.Target.WaitIdleAsync(TimeSpan.FromSeconds(10));
        _doubles.Target.Faults.BeforeRequest = null;
        var partial = _doubles.Target.Store.Runs;
        Assert.InRange(partial.Count(r => r.Tags.ContainsKey(MigrationTags.CopyMark)), 0, Runs - 1);
        Assert.InRange(_doubles.Target.Store.MetricPointsReceived, 1, SourcePoints - 1);

        var resumed = await _doubles.MigrateAsync();

        Assert.True(resumed.IsComplete, string.Join("\n", resumed.Issues));
        Assert.Equal(Runs, resumed.RunsCopied + resumed.RunsResumed + resumed.RunsUnchanged);
        Assert.True(resumed.RunsResumed > 0);
        AssertFaithfulAndSentOnce();
    }

    [Fact]
    public async Task A_target_that_dies_mid_copy_leaves_one_line_per_run_and_the_next_migration_completes()
    {
        _doubles.Target.Faults.FailAfter("runs/log-batch", successes: 40, status: 503);

        var broken = await _doubles.MigrateAsync();

        Assert.Equal(1, broken.ExitCode);
        Assert.True(broken.RunsFailed > 0);
        var failures = broken.Issues.Where(i => i.Kind == MigrationIssueKind.RunFailed).ToList();
        Assert.Equal(broken.RunsFailed, failures.Count);
        Assert.All(failures, f => Assert.DoesNotContain('\n', f.Line));
        Assert.All(failures, f => Assert.EndsWith("run Migrate again to resume it", f.Line));

        _doubles.Target.Faults.ClearFailures();
        var resumed = await _doubles.MigrateAsync();

        Assert.True(resumed.IsComplete, string.Join("\n", resumed.Issues));
        AssertFaithfulAndSentOnce();
    }

    [Fact]
    public async Task Writes_applied_but_unanswered_are_found_again_not_repeated()
    {
        _doubles.Target.Faults.LoseAnswers("runs/create", 3);
        _doubles.Target.Faults.LoseAnswers("runs/log-batch", 6, skip: 30);

        var report = await _doubles.MigrateAsync();

        Assert.True(report.IsComplete, string.Join("\n", report.Issues));
        AssertFaithfulAndSentOnce();
    }

    [Fact]
    public async Task Throttling_and_unavailable_answers_are_retried_in_place()
    {
        _doubles.Target.Faults.FailNext("runs/log-batch", 3, status: 429);
        _doubles.Target.Faults.FailNext("runs/create", 2, status: 503);
        _doubles.Source.Faults.FailNext("metrics/get-history", 2, status: 502);

        var report = await _doubles.MigrateAsync();

        Assert.True(report.IsComplete, string.Join("\n", report.Issues));
        Assert.Equal(Runs, report.RunsCopied);
        AssertFaithfulAndSentOnce();
    }

    [Fact]
    public async Task Progress_reaches_the_totals_the_report_gives()
    {
        var snapshots = new List<MigrationProgress>();
        var progress = new SynchronousProgress<MigrationProgress>(p => { lock (snapshots) { snapshots.Add(p); } });

        var report = await _doubles.MigrateAsync(progress: progress);

        var last = snapshots[^1];
        Assert.Equal(MigrationPhase.Done, last.Phase);
        Assert.Equal((Runs, Runs, 0), (last.RunsTotal, last.RunsDone, last.RunsFailed));
        Assert.Equal((report.MetricPoints, report.MetricPoints), (last.PointsPlanned, last.PointsCopied));
        Assert.Equal((report.ArtifactBytes, report.ArtifactBytes), (last.BytesPlanned, last.BytesCopied));
        Assert.Equal(
            [MigrationPhase.Planning, MigrationPhase.CreatingRuns, MigrationPhase.Copying, MigrationPhase.Checking, MigrationPhase.Done],
            snapshots.Select(s => s.Phase).Distinct());
    }
}

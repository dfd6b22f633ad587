using System.Text;
using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Tests.MlflowDouble;

namespace MlflowDeploy.Tests.Migration;

/// <summary>Migrate between two MLflow doubles that keep state as the REST contract notes describe.</summary>
public sealed class ExperimentMigrationTests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private MigrationDoubles _doubles = null!;

    public async Task InitializeAsync() => _doubles = await MigrationDoubles.StartAsync();

    public async Task DisposeAsync() => await _doubles.DisposeAsync();

    /// <summary>Two experiments and the Default one: tags, params, system tags, a parent and its child, NaN and ±Infinity, nested files, a deleted run and a deleted experiment.</summary>
    private (string Parent, string Child, string Running, string InDefault) SeedVariedSource()
    {
        var seed = _doubles.Seed;
        var vision = seed.Experiment("vision", ("team", "cv"), ("mlflow.note.content", "# Vision\nbaselines"));
        var parent = seed.Run(vision, "sweep", T0, parameters: [("lr", "0.1"), ("long", new string('p', 6000)), ("empty", string.Empty)],
            tags: [("mlflow.user", "alice"), ("mlflow.source.name", "train.py"), ("mlflow.source.type", "LOCAL")], userId: "alice");
        var child = seed.Run(vision, "sweep-1", T0 + 10, status: "FAILED", endTime: T0 + 500, parameters: [("lr", "0.01")],
            tags: [("mlflow.parentRunId", parent), ("mlflow.user", "alice")]);
        seed.Metric(parent, "loss", 300);
        seed.Metric(parent, "accuracy", 120, i => i / 120.0);
        seed.Points(child, ("loss", double.NaN, T0, 0), ("loss", double.PositiveInfinity, T0 + 1, 1), ("loss", double.NegativeInfinity, T0 + 2, 2), ("loss", -0.0, T0 + 3, 3));
        seed.Artifact(parent, "model/MLmodel", "flavors:\n  python_function: {}\n"u8.ToArray());
        seed.Artifact(parent, "model/data/deep/er/weights.bin", Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray());
        seed.Artifact(parent, "notes dir/read me.txt", "spaces in names"u8.ToArray());
        var running = seed.Run(vision, "still training", T0 + 20, status: "RUNNING");
        seed.Metric(running, "loss", 10);
        var deleted = seed.Run(vision, "thrown away", T0 + 30, parameters: [("x", "1")]);
        seed.DeleteRun(deleted);

        var inDefault = seed.Run("0", "in default", T0 + 40, parameters: [("a", "1")]);
        seed.Metric(inDefault, "m", 5);
        var gone = seed.Experiment("old");
        seed.Run(gone, "old run", T0);
        seed.DeleteExperiment(gone);
        return (parent, child, running, inDefault);
    }

    [Fact]
    public async Task A_full_copy_reproduces_experiments_runs_histories_and_nested_artifacts()
    {
        var (parent, child, running, inDefault) = SeedVariedSource();

        var report = await _doubles.MigrateAsync();

        Assert.True(report.IsComplete, string.Join("\n", report.Issues));
        Assert.Equal((1, 1, 0), (report.ExperimentsCreated, report.ExperimentsMerged, report.ExperimentsSkipped));
        Assert.Equal((4, 4, 0, 1, 1), (report.SourceRuns, report.RunsCopied, report.RunsUnchanged, report.SourceRunsDeleted, report.SourceExperimentsDeleted));
        Assert.Equal(300 + 120 + 4 + 10 + 5, report.MetricPoints);
        Assert.Equal((3, 70_000 + 31 + 15), (report.ArtifactFiles, (int)report.ArtifactBytes));
        Assert.True(report.Check!.Passed);
        Assert.Equal((4, 4), (report.Check.RunsCompared, report.Check.HistoriesCompared));

        var vision = Assert.Single(_doubles.Target.Store.Experiments, e => e.Name == "vision");
        Assert.Equal("cv", vision.Tags["team"]);
        Assert.Equal("# Vision\nbaselines", vision.Tags["mlflow.note.content"]);
        Assert.DoesNotContain(_doubles.Target.Store.Experiments, e => e.Name == "old");
        foreach (var run in _doubles.Source.Store.Runs.Where(r => r.LifecycleStage == "active"))
        {
            CopyAssertions.SameRun(_doubles, run);
        }

        Assert.Equal("0", _doubles.CopyOf(inDefault).ExperimentId);
        Assert.Equal(_doubles.CopyOf(parent).RunId, _doubles.CopyOf(child).Tags["mlflow.parentRunId"]);
        Assert.Equal("RUNNING", _doubles.CopyOf(running).Status);
        CopyAssertions.SameArtifacts(_doubles, parent);
        Assert.Equal(4, _doubles.Target.Store.Runs.Count);
    }

    [Fact]
    public async Task A_second_migration_copies_nothing_and_writes_nothing()
    {
        SeedVariedSource();
        await _doubles.MigrateAsync();
        var writes = _doubles.TargetWrites();

        var again = await _doubles.MigrateAsync();

        Assert.True(again.IsComplete, string.Join("\n", again.Issues));
        Assert.Equal((0, 0, 4), (again.RunsCopied, again.RunsResumed, again.RunsUnchanged));
        Assert.Equal((0L, 0, 0, 0L), (again.MetricPoints, again.Params, again.ArtifactFiles, again.ArtifactBytes));
        Assert.Equal(writes, _doubles.TargetWrites());
        Assert.True(again.Check!.Passed);
    }

    [Fact]
    public async Task A_run_that_changed_on_the_source_is_brought_up_to_date()
    {
        var runId = _doubles.Seed.Run("0", "live", T0, status: "RUNNING");
        _doubles.Seed.Metric(runId, "loss", 50);
        await _doubles.MigrateAsync();

        _doubles.Seed.Metric(runId, "loss", 80);
        _doubles.Source.Store.UpdateRun(new() { ["run_id"] = runId, ["status"] = "FINISHED", ["end_time"] = T0 + 99 });
        var again = await _doubles.MigrateAsync();

        Assert.True(again.IsComplete, string.Join("\n", again.Issues));
        Assert.Equal((0, 1, 30L), (again.RunsCopied, again.RunsResumed, again.MetricPoints));
        CopyAssertions.SameRun(_doubles, Assert.Single(_doubles.Source.Store.Runs));
    }

    [Fact]
    public async Task A_metric_with_5000_steps_is_copied_whole_in_batches_of_1000()
    {
        var runId = _doubles.Seed.Run("0", "long", T0);
        _doubles.Seed.Metric(runId, "loss", 5000);

        var report = await _doubles.MigrateAsync();

        Assert.True(report.IsComplete, string.Join("\n", report.Issues));
        Assert.Equal(5000, report.MetricPoints);
        Assert.Equal(5000, _doubles.CopyOf(runId).Metrics.Count);
        CopyAssertions.SameRun(_doubles, Assert.Single(_doubles.Source.Store.Runs));
        Assert.Equal(5, _doubles.Target.Requests.Count(r => r.EndsWith("runs/log-batch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task More_than_1000_runs_in_one_experiment_are_all_copied_across_search_pages()
    {
        var experiment = _doubles.Seed.Experiment("many");
        for (var i = 0; i < 1234; i++)
        {
            var run = _doubles.Seed.Run(experiment, $"r{i}", T0 + i, parameters: [("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            _doubles.Seed.Points(run, ("m", i, T0 + i, 0));
        }

        var report = await _doubles.MigrateAsync(_doubles.Options(concurrency: 8));

        Assert.True(report.IsComplete, string.Join("\n", report.Issues.Take(5)));
        Assert.Equal((1234, 1234, 1234L), (report.SourceRuns, report.RunsCopied, report.MetricPoints));
        var target = Assert.Single(_doubles.Target.Store.Experiments, e => e.Name == "many");
        Assert.Equal(1234, _doubles.Target.Store.Runs.Count(r => r.ExperimentId == target.Id));
        Assert.Equal(1234, _doubles.Target.Store.Runs.Select(r => r.Tags[MigrationTags.SourceRunId]).Distinct().Count());
        Assert.Equal(1234, report.Check!.RunsCompared);
    }

    [Fact]
    public async Task An_experiment_deleted_on_the_target_that_holds_the_name_is_reported_in_one_line_and_never_renamed()
    {
        var source = _doubles.Seed.Experiment("taken");
        _doubles.Seed.Run(source, "r", T0);
        var deleted = _doubles.TargetSeed.Experiment("taken");
        _doubles.TargetSeed.DeleteExperiment(deleted);

        var report = await _doubles.MigrateAsync();

        var issue = Assert.Single(report.Issues);
        Assert.Equal(MigrationIssueKind.ExperimentDeletedOnTarget, issue.Kind);
        Assert.Equal(
            $"experiment 'taken' was not copied: the target's experiment {deleted} of that name is deleted and keeps the name; restore it (mlflow experiments restore --experiment-id {deleted}) or purge it (mlflow gc --experiment-ids {deleted}), then run Migrate again",
            issue.Line);
        Assert.DoesNotContain('\n', issue.Line);
        Assert.Equal((1, 1, 1), (report.ExperimentsSkipped, report.RunsSkipped, report.ExitCode));
        Assert.Equal(["Default", "taken"], _doubles.Target.Store.Experiments.Select(e => e.Name).Order());
        Assert.Empty(_doubles.Target.Store.Runs);
    }

    [Fact]
    public async Task A_param_whose_value_differs_on_the_target_is_reported_and_not_overwritten()
    {
        var runId = _doubles.Seed.Run("0", "tuned", T0, parameters: [("lr", "0.1"), ("depth", "3")]);
        _doubles.Seed.Metric(runId, "loss", 20);

        // An earlier, partial copy that someone logged a different lr into.
        var copy = _doubles.TargetSeed.Run("0", "tuned", T0, status: "RUNNING", parameters: [("lr", "0.2")],
            tags: [(MigrationTags.SourceRunId, runId), (MigrationTags.SourceExperimentId, "0")]);

        var report = await _doubles.MigrateAsync();

        var issue = Assert.Single(report.Issues);
        Assert.Equal(MigrationIssueKind.ParamDiffers, issue.Kind);
        Assert.Contains("param 'lr' is '0.1' on the source and '0.2' on the target", issue.Line);
        Assert.Equal(1, report.ExitCode);
        var target = Assert.Single(_doubles.Target.Store.Runs);
        Assert.Equal(copy, target.RunId);
        Assert.Equal(("0.2", "3"), (target.Params["lr"], target.Params["depth"]));
        Assert.Equal(20, target.Metrics.Count);
        Assert.False(target.Tags.ContainsKey(MigrationTags.CopyMark));

        var again = await _doubles.MigrateAsync();
        Assert.Equal(MigrationIssueKind.ParamDiffers, Assert.Single(again.Issues).Kind);
        Assert.Equal(20, Assert.Single(_doubles.Target.Store.Runs).Metrics.Count);
    }

    [Fact]
    public async Task Basic_auth_on_the_target_is_answered_with_that_sides_credentials_only()
    {
        SeedVariedSource();
        _doubles.Target.Faults.RequiredBasicAuth = ("admin", "s3cret");

        var refused = await Assert.ThrowsAsync<ActionableError>(() => _doubles.MigrateAsync());
        var report = await _doubles.MigrateAsync(_doubles.Options(targetCredentials: MlflowCredentials.Basic("admin", "s3cret")));

        Assert.StartsWith($"the target (--to) {_doubles.Target.BaseUrl} refused the request (HTTP 401) with no credentials", refused.Message);
        Assert.True(report.IsComplete, string.Join("\n", report.Issues));
        Assert.Empty(_doubles.Source.AuthorizationHeaders);
        Assert.All(_doubles.Target.AuthorizationHeaders, h => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:s3cret")), h));
    }

    [Fact]
    public async Task A_dry_run_counts_what_a_migration_then_copies_and_writes_nothing()
    {
        SeedVariedSource();

        var dry = await _doubles.MigrateAsync(_doubles.Options(dryRun: true));
        Assert.Equal(0, _doubles.TargetWrites());
        Assert.Equal("Default", Assert.Single(_doubles.Target.Store.Experiments).Name);
        Assert.Empty(_doubles.Target.Store.Runs);
        var real = await _doubles.MigrateAsync();

        Assert.Equal(0, dry.ExitCode);
        Assert.Null(dry.Check);
        Assert.Equal(
            (real.ExperimentsCreated, real.RunsCopied, real.MetricPoints, real.Params, real.Tags, real.ArtifactFiles, real.ArtifactBytes),
            (dry.ExperimentsCreated, dry.RunsCopied, dry.MetricPoints, dry.Params, dry.Tags, dry.ArtifactFiles, dry.ArtifactBytes));
    }

    [Fact]
    public async Task A_permission_refused_on_the_target_is_one_line_for_the_experiment_not_one_per_run()
    {
        for (var i = 0; i < 5; i++)
        {
            _doubles.Seed.Run("0", $"r{i}", T0 + i);
        }

        _doubles.Target.Faults.FailingEndpoints["runs/create"] = 403;

        var report = await _doubles.MigrateAsync();

        var issue = Assert.Single(report.Issues);
        Assert.Equal(MigrationIssueKind.RunFailed, issue.Kind);
        Assert.StartsWith("experiment 'Default': the target refused to create runs in its experiment 0 with no credentials", issue.Line);
        Assert.EndsWith("grant that user EDIT on it, then run Migrate again", issue.Line);
        Assert.Equal((5, 0, 1), (report.RunsFailed, report.RunsCopied, report.ExitCode));
    }

    [Fact]
    public async Task A_tag_that_differs_is_left_alone_and_one_the_target_refuses_is_named_while_the_rest_is_copied()
    {
        _doubles.Source.Store.TagValueLimit = 8000;
        var runId = _doubles.Seed.Run("0", "tagged", T0, parameters: [("p", "1")],
            tags: [("team", "vision"), ("notes", new string('n', 6000)), ("ok", "yes")]);
        _doubles.TargetSeed.Run("0", "tagged", T0, status: "RUNNING",
            tags: [(MigrationTags.SourceRunId, runId), ("team", "nlp")]);

        var report = await _doubles.MigrateAsync();

        Assert.Equal(
            [MigrationIssueKind.TagDiffers, MigrationIssueKind.ValueRefused],
            report.Issues.Select(i => i.Kind).Order());
        Assert.Contains(report.Issues, i => i.Line.Contains("tag 'team' is 'vision' on the source and 'nlp' on the target; not overwritten", StringComparison.Ordinal));
        Assert.Contains(report.Issues, i => i.Line.Contains("the target refused tag 'notes': ", StringComparison.Ordinal) && i.Line.Contains("INVALID_PARAMETER_VALUE: Tag value", StringComparison.Ordinal));
        var copy = Assert.Single(_doubles.Target.Store.Runs);
        Assert.Equal(("nlp", "yes", "1", "FINISHED"), (copy.Tags["team"], copy.Tags["ok"], copy.Params["p"], copy.Status));
        Assert.False(copy.Tags.ContainsKey("notes"));
    }
}

using MlflowDeploy.Migration;
using MlflowDeploy.Tests.Migration;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>The Migrate task through the real build script, between two MLflow doubles on loopback.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class MigrateTaskTests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);
    private MigrationDoubles _doubles = null!;

    public async Task InitializeAsync()
    {
        _doubles = await MigrationDoubles.StartAsync();
        var experiment = _doubles.Seed.Experiment("from-the-old-server", ("team", "cv"));
        for (var i = 0; i < 12; i++)
        {
            var run = _doubles.Seed.Run(experiment, $"run-{i}", T0 + i, parameters: [("i", $"{i}")]);
            _doubles.Seed.Metric(run, "loss", 1200);
            _doubles.Seed.Artifact(run, "model/data/weights.bin", new byte[2048]);
        }
    }

    public async Task DisposeAsync() => await _doubles.DisposeAsync();

    private static string OneFailureLine(BuildScript.Result result) =>
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.StartsWith('✖'));

    [Fact]
    public async Task Migrate_copies_with_each_sides_credentials_and_a_second_run_has_nothing_to_do()
    {
        _doubles.Target.Faults.RequiredBasicAuth = ("migrator", "target-sentinel-pw");
        var environment = new Dictionary<string, string?>
        {
            ["MLFLOW_TO_TRACKING_USERNAME"] = "migrator",
            ["MLFLOW_TO_TRACKING_PASSWORD"] = "target-sentinel-pw",
        };
        string[] arguments = ["--target=Migrate", "--environment=local", $"--from={_doubles.Source.BaseUrl}", $"--to={_doubles.Target.BaseUrl}", "--concurrency=4"];

        var first = await BuildScript.RunAsync(Deadline, environment, arguments);
        var second = await BuildScript.RunAsync(Deadline, environment, arguments);

        Assert.True(first.ExitCode == 0, first.All);
        Assert.Contains("every selected run is on the target and matches its source", first.Output);
        Assert.Contains("basic auth as 'migrator'", first.All);
        Assert.DoesNotContain("target-sentinel-pw", first.All + second.All);
        Assert.Empty(_doubles.Source.AuthorizationHeaders);
        Assert.Equal(12, _doubles.Target.Store.Runs.Count(r => r.Metrics.Count == 1200));
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("0 new, 0 resumed or rechecked, 12 unchanged", second.Output);
    }

    [Fact]
    public async Task A_dry_run_counts_and_writes_nothing()
    {
        var result = await BuildScript.RunAsync(Deadline, null, "--target=Migrate", "--environment=local", $"--from={_doubles.Source.BaseUrl}", $"--to={_doubles.Target.BaseUrl}", "--dry-run");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("14,400 would be logged", result.Output);
        Assert.Contains("dry run: nothing was written", result.Output);
        Assert.Empty(_doubles.Target.Store.Runs);
        Assert.Equal(0, _doubles.TargetWrites());
    }

    [Fact]
    public async Task An_incomplete_migration_exits_1_with_one_line_after_the_issue()
    {
        var deleted = _doubles.TargetSeed.Experiment("from-the-old-server");
        _doubles.TargetSeed.DeleteExperiment(deleted);

        var result = await BuildScript.RunAsync(Deadline, null, "--target=Migrate", "--environment=local", $"--from={_doubles.Source.BaseUrl}", $"--to={_doubles.Target.BaseUrl}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"experiment 'from-the-old-server' was not copied: the target's experiment {deleted} of that name is deleted", result.Output);
        Assert.StartsWith("✖ Migrate is incomplete: 1 issues, 0 runs not completed", OneFailureLine(result));
        Assert.DoesNotContain("   at ", result.All);
    }

    [Theory]
    [InlineData(new[] { "--to=http://127.0.0.1:9/" }, 2, "--from is missing: pass the MLflow server to copy from")]
    [InlineData(new[] { "--from=http://127.0.0.1:9/" }, 2, "the emulated environment 'local' serves no MLflow at its load balancer's name: pass --to=<url>")]
    [InlineData(new[] { "--from=http://127.0.0.1:9/", "--to=http://127.0.0.1:9/x", "--concurrency=0" }, 2, "--concurrency='0' is not a number of runs from 1 to 64")]
    public async Task Bad_arguments_are_one_line_and_start_nothing(string[] extra, int exitCode, string start)
    {
        var result = await BuildScript.RunAsync(Deadline, null, ["--target=Migrate", "--environment=local", .. extra]);

        Assert.True(result.ExitCode == exitCode, result.All);
        Assert.StartsWith("✖ " + start, OneFailureLine(result));
        Assert.DoesNotContain("AWS emulator", result.All);
        Assert.DoesNotContain("   at ", result.All);
    }
}

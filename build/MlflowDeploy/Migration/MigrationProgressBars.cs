using System.Globalization;
using Spectre.Console;

namespace MlflowDeploy.Migration;

/// <summary>
/// Shows a migration's snapshots as three Spectre.Console bars (runs, metric points, artifact bytes); the engine
/// only reports <see cref="MigrationProgress"/>, so it knows nothing of the console.
/// </summary>
public sealed class MigrationProgressBars : IProgress<MigrationProgress>
{
    private readonly ProgressTask _runs;
    private readonly ProgressTask _points;
    private readonly ProgressTask _bytes;
    private readonly bool _dryRun;
    private readonly Lock _lock = new();

    public MigrationProgressBars(ProgressContext context, bool dryRun)
    {
        _dryRun = dryRun;
        _runs = context.AddTask("runs", maxValue: 1);
        _points = context.AddTask("metric points", maxValue: 1);
        _bytes = context.AddTask("artifact bytes", maxValue: 1);
    }

    /// <summary>Runs <paramref name="options"/>' migration under the bars and returns its report.</summary>
    public static async Task<MigrationReport> RunAsync(IAnsiConsole console, MigrationOptions options, CancellationToken cancellationToken)
    {
        MigrationReport? report = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                report = await ExperimentMigration.RunAsync(options, new MigrationProgressBars(context, options.DryRun), cancellationToken);
            });
        return report!;
    }

    public void Report(MigrationProgress value)
    {
        lock (_lock)
        {
            var verb = _dryRun ? "to copy" : "copied";
            var phase = value.Phase switch
            {
                MigrationPhase.Planning => "planning",
                MigrationPhase.CreatingRuns => "creating runs",
                MigrationPhase.Copying => _dryRun ? "comparing" : "copying",
                MigrationPhase.Checking => "checking",
                _ => "done",
            };
            Set(_runs, $"runs ({phase}) {value.RunsDone:N0}/{value.RunsTotal:N0}" + (value.RunsFailed > 0 ? $" [red]{value.RunsFailed:N0} failed[/]" : string.Empty), value.RunsDone, value.RunsTotal);
            var points = _dryRun ? value.PointsPlanned : value.PointsCopied;
            Set(_points, $"metric points {verb} {points:N0}", points, value.PointsPlanned);
            var bytes = _dryRun ? value.BytesPlanned : value.BytesCopied;
            Set(_bytes, $"artifact bytes {verb} {Bytes(bytes)}", bytes, value.BytesPlanned);
            if (value.Phase == MigrationPhase.Done)
            {
                foreach (var task in new[] { _runs, _points, _bytes })
                {
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            }
        }
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };

    private static void Set(ProgressTask task, string description, long value, long max)
    {
        task.Description = description;

        // A bar needs a positive maximum; an empty total is complete.
        task.MaxValue = Math.Max(max, 1);
        task.Value = max == 0 ? task.MaxValue : Math.Min(value, task.MaxValue);
    }
}

using System.Diagnostics;
using System.Globalization;
using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Bench;

/// <summary>
/// Migrate between two MLflow doubles, each in its own child process so this process's memory is the migration
/// engine's: a source of N runs and P metric points (plus artifacts) into an empty target with our engine, then
/// the same copy again (the idempotent pass), and baselines measured in the same run into fresh targets: our
/// engine at concurrency 1, and a naive copy that makes one request per value, one run at a time.
/// </summary>
internal static class MigrateBenchmark
{
    public sealed record Options(int Runs, int Points, int ArtifactRuns, int Concurrency, bool Naive, bool Sequential, int LatencyMs = 0)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var options = new Options(2000, 50_000, 200, MigrationOptions.DefaultConcurrency, Naive: true, Sequential: true);
            for (var i = 0; i < args.Length; i++)
            {
                options = args[i] switch
                {
                    "--runs" => options with { Runs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--points" => options with { Points = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--artifact-runs" => options with { ArtifactRuns = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--concurrency" => options with { Concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--latency-ms" => options with { LatencyMs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--no-naive" => options with { Naive = false },
                    "--no-sequential" => options with { Sequential = false },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }

            return options;
        }
    }

    private sealed record Measurement(string Name, double Seconds, int Runs, long Points, long Bytes, long Requests, double PeakWorkingSetMb, double PeakHeapMb, double AllocatedMb, string Result);

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var process = Stopwatch.StartNew();
        Console.WriteLine($"filling the source double: {options.Runs:N0} runs, ~{options.Points:N0} metric points, files in {options.ArtifactRuns:N0} runs …");
        await using var source = await MlflowDoubleProcess.StartAsync(new MlflowDoubleHost.Options(options.Runs, options.Points, options.ArtifactRuns, options.LatencyMs), ct);
        var contents = source.Contents;
        Console.WriteLine($"source on {source.BaseUrl} (pid {source.ProcessId}): {contents.Runs:N0} runs, {contents.Points:N0} points, {contents.ArtifactFiles:N0} files, {contents.ArtifactBytes / 1048576.0:0.0} MiB");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores shared by this process and both doubles; each answer held back {options.LatencyMs} ms");

        var results = new List<Measurement>();
        await using (var target = await MlflowDoubleProcess.StartAsync(new MlflowDoubleHost.Options(0, 0, 0, options.LatencyMs), ct))
        {
            results.Add(await MeasureAsync($"ours, concurrency {options.Concurrency}", () => OursAsync(source.BaseUrl, target.BaseUrl, options.Concurrency, ct)));
            results.Add(await MeasureAsync("ours again (nothing to copy)", () => OursAsync(source.BaseUrl, target.BaseUrl, options.Concurrency, ct)));
        }

        if (options.Sequential)
        {
            await using var target = await MlflowDoubleProcess.StartAsync(new MlflowDoubleHost.Options(0, 0, 0, options.LatencyMs), ct);
            results.Add(await MeasureAsync("baseline: ours, concurrency 1", () => OursAsync(source.BaseUrl, target.BaseUrl, 1, ct)));
        }

        if (options.Naive)
        {
            await using var target = await MlflowDoubleProcess.StartAsync(new MlflowDoubleHost.Options(0, 0, 0, options.LatencyMs), ct);
            results.Add(await MeasureAsync("baseline: naive, one request per value", async () =>
            {
                var naive = await NaiveMigration.RunAsync(source.BaseUrl, target.BaseUrl, ct);
                return (naive.Runs, naive.Points, naive.Bytes, naive.Requests, "not checked");
            }));
        }

        Console.WriteLine();
        Console.WriteLine($"{"",-40} {"seconds",8} {"runs/s",8} {"points/s",10} {"MiB/s",7} {"requests",9} {"peak WS MB",11} {"peak heap MB",13} {"alloc MB",9}  result");
        foreach (var m in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{m.Name,-40} {m.Seconds,8:0.0} {m.Runs / m.Seconds,8:0.0} {m.Points / m.Seconds,10:N0} {m.Bytes / 1048576.0 / m.Seconds,7:0.0} {m.Requests,9:N0} {m.PeakWorkingSetMb,11:0.0} {m.PeakHeapMb,13:0.0} {m.AllocatedMb,9:0.0}  {m.Result}"));
        }

        Console.WriteLine();
        var ours = results[0];
        foreach (var baseline in results.Where(r => r.Name.StartsWith("baseline", StringComparison.Ordinal)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours vs {baseline.Name["baseline: ".Length..]}: {baseline.Seconds / ours.Seconds:0.0}x faster"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole process: {process.Elapsed.TotalSeconds:0.0} s (filling the source and starting the doubles included)"));
        var complete = results.Where(r => r.Name.Contains("ours", StringComparison.Ordinal)).All(r => r.Result == "complete, check passed");
        var copiedAll = ours.Runs == contents.Runs && ours.Points == contents.Points && ours.Bytes == contents.ArtifactBytes;
        Console.WriteLine(copiedAll && complete ? "every copy by our engine is complete and checked" : "MISMATCH: see the result column");
        return copiedAll && complete ? 0 : 1;
    }

    private static async Task<(int Runs, long Points, long Bytes, long Requests, string Result)> OursAsync(Uri from, Uri to, int concurrency, CancellationToken ct)
    {
        var report = await ExperimentMigration.RunAsync(
            new MigrationOptions
            {
                Source = new MlflowClientOptions { BaseUrl = from, RequestTimeout = TimeSpan.FromSeconds(60) },
                Target = new MlflowClientOptions { BaseUrl = to, RequestTimeout = TimeSpan.FromSeconds(60) },
                Concurrency = concurrency,
            },
            null,
            ct);
        var result = report.IsComplete ? "complete, check passed" : $"INCOMPLETE: {report.Issues.FirstOrDefault()?.Line ?? report.Check?.Mismatches.FirstOrDefault()}";
        return (report.RunsCopied + report.RunsResumed, report.MetricPoints, report.ArtifactBytes, report.SourceRequests + report.TargetRequests, result);
    }

    /// <summary>Times one copy and samples this process's working set and GC heap while it runs.</summary>
    private static async Task<Measurement> MeasureAsync(string name, Func<Task<(int Runs, long Points, long Bytes, long Requests, string Result)>> copy)
    {
        Console.WriteLine($"{name} …");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peakWorkingSet = 0;
        long peakHeap = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                self.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, self.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                try
                {
                    await Task.Delay(20, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        var clock = Stopwatch.StartNew();
        var (runs, points, bytes, requests, result) = await copy();
        var seconds = clock.Elapsed.TotalSeconds;
        stop.Cancel();
        await sampler;
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {seconds:0.0} s: {runs:N0} runs, {points:N0} points, {bytes / 1048576.0:0.0} MiB, {requests:N0} requests — {result}"));
        return new Measurement(name, seconds, runs, points, bytes, requests, peakWorkingSet / 1048576.0, peakHeap / 1048576.0, allocated, result);
    }
}

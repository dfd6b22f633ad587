using System.Diagnostics;
using System.Text.Json;
using MlflowDeploy.Review;

namespace MlflowDeploy.Bench;

/// <summary>
/// Times <see cref="PlanSummaryReader"/> on a real N-change plan against a baseline run in the same process:
/// <c>JsonDocument.Parse</c> of the whole file and a naive walk of resource_changes.
/// </summary>
internal static class PlanSummaryBenchmark
{
    public sealed record Options(int Resources, int Iterations, string CacheDir, int PayloadBytes = 0)
    {
        public static Options Parse(ReadOnlySpan<string> args)
        {
            var options = new Options(10_000, 8, Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "bench"));
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--resources" => options with { Resources = int.Parse(args[i + 1]) },
                    "--iterations" => options with { Iterations = int.Parse(args[i + 1]) },
                    "--cache" => options with { CacheDir = Path.GetFullPath(args[i + 1]) },
                    "--payload" => options with { PayloadBytes = int.Parse(args[i + 1]) },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            return options;
        }
    }

    private sealed record Measurement(string Name, double FirstMs, double BestMs, double MeanMs, double AllocatedMb, double PeakWorkingSetMb, string Result);

    public static async Task<int> RunAsync(Options options, CancellationToken ct)
    {
        var planJson = await TerraformPlanFactory.GetOrCreateAsync(options.CacheDir, options.Resources, options.PayloadBytes, ct);
        var sizeMb = new FileInfo(planJson).Length / 1024.0 / 1024.0;
        Console.WriteLine($"plan JSON: {sizeMb:0.0} MB, {options.Iterations} iterations each");

        // The streamed reader runs first, so the process peak it reports is its own, not the baseline's.
        var streamed = await MeasureAsync("PlanSummaryReader (streamed)", options.Iterations, async () =>
        {
            var summary = await PlanSummaryReader.ReadAsync(planJson, ct);
            return summary.CountsLine();
        });
        var baseline = await MeasureAsync("JsonDocument.Parse + walk (baseline)", options.Iterations, async () =>
        {
            await using var file = File.OpenRead(planJson);
            using var document = await JsonDocument.ParseAsync(file, new JsonDocumentOptions { MaxDepth = 512 }, ct);
            int add = 0, change = 0, destroy = 0, replace = 0;
            foreach (var rc in document.RootElement.GetProperty("resource_changes").EnumerateArray())
            {
                var actions = rc.GetProperty("change").GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ToList();
                if (actions.Contains("create") && actions.Contains("delete")) replace++;
                else if (actions.Contains("create")) add++;
                else if (actions.Contains("delete")) destroy++;
                else if (actions.Contains("update")) change++;
            }
            return $"Plan: {add} to add, {change} to change, {destroy} to destroy, {replace} to replace";
        });

        var redactDir = Path.Combine(options.CacheDir, "redacted");
        Directory.CreateDirectory(redactDir);
        var redact = await MeasureAsync("PlanJsonRedactor (streamed rewrite)", Math.Min(options.Iterations, 3), async () =>
        {
            var output = Path.Combine(redactDir, "plan.redacted.json");
            await PlanJsonRedactor.RedactAsync(planJson, output, ct);
            return $"{new FileInfo(output).Length / 1024.0 / 1024.0:0.0} MB written";
        });

        Console.WriteLine();
        Console.WriteLine($"{"",-38} {"first ms",9} {"best ms",9} {"mean ms",9} {"alloc MB",9} {"peak WS MB",11}  result");
        foreach (var m in new[] { streamed, baseline, redact })
        {
            Console.WriteLine($"{m.Name,-38} {m.FirstMs,9:0.0} {m.BestMs,9:0.0} {m.MeanMs,9:0.0} {m.AllocatedMb,9:0.0} {m.PeakWorkingSetMb,11:0.0}  {m.Result}");
        }
        Console.WriteLine();
        Console.WriteLine($"streamed vs baseline: {baseline.BestMs / streamed.BestMs:0.00}x faster, {baseline.AllocatedMb / Math.Max(streamed.AllocatedMb, 0.001):0.0}x less allocated");
        var withinBudget = streamed.FirstMs < 2000 && streamed.PeakWorkingSetMb < 300;
        Console.WriteLine($"budget (first run < 2000 ms, < 300 MB peak working set): {(withinBudget ? "met" : "MISSED")}");
        if (streamed.Result != baseline.Result)
        {
            Console.WriteLine($"MISMATCH: streamed '{streamed.Result}' vs baseline '{baseline.Result}'");
            return 1;
        }
        return withinBudget ? 0 : 1;
    }

    private static async Task<Measurement> MeasureAsync(string name, int iterations, Func<Task<string>> run)
    {
        var times = new List<double>();
        var result = "";
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            result = await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var allocatedPerRun = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)iterations;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        // The first run includes JIT (the Plan task summarises once per process, so it is the one that counts
        // against the 2 s budget); best and mean are over the warm runs.
        var warm = times.Count > 1 ? times.Skip(1).ToList() : times;
        return new Measurement(name, times[0], warm.Min(), warm.Average(), allocatedPerRun / 1024 / 1024, self.PeakWorkingSet64 / 1024.0 / 1024.0, result);
    }
}

using System.Globalization;

namespace MlflowDeploy.Bench;

/// <summary>
/// Runs whole processes in rounds, each round every command once, the order rotated from round to round, so that
/// the load of a shared machine falls on every side alike. Prints each run, then medians and the load averages.
/// </summary>
internal static class PairedSeries
{
    public sealed record Result(string Label, IReadOnlyList<WholeProcess.Timing> Runs)
    {
        public double MedianWall => Median(Runs.Select(r => r.WallSeconds));
        public double MedianCpu => Median(Runs.Select(r => r.CpuSeconds));
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(IReadOnlyList<WholeProcess> commands, int rounds, int warmUps, CancellationToken ct)
    {
        for (var i = 0; i < warmUps; i++)
        {
            foreach (var command in commands)
                await command.RunAsync(ct);
        }

        Console.WriteLine($"load average before: {LoadAverage()}");
        var runs = commands.ToDictionary(c => c.Label, _ => new List<WholeProcess.Timing>());
        for (var round = 0; round < rounds; round++)
        {
            var order = commands.Skip(round % commands.Count).Concat(commands.Take(round % commands.Count)).ToList();
            foreach (var command in order)
            {
                var timing = await command.RunAsync(ct);
                runs[command.Label].Add(timing);
                Console.WriteLine($"  round {round + 1}: {command.Label,-44} {timing.WallSeconds,8:0.00} s wall {timing.CpuSeconds,8:0.00} s cpu   (load {LoadAverage()})");
            }
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        var results = commands.Select(c => new Result(c.Label, runs[c.Label])).ToList();
        Console.WriteLine();
        Console.WriteLine($"{"whole process",-46} {"median wall",12} {"median cpu",12}  runs");
        foreach (var result in results)
            Console.WriteLine($"{result.Label,-46} {result.MedianWall,10:0.00} s {result.MedianCpu,10:0.00} s  {result.Runs.Count}");
        return results;
    }

    public static string LoadAverage() =>
        string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string Ratio(Result numerator, Result denominator) =>
        string.Create(CultureInfo.InvariantCulture, $"{numerator.Label} / {denominator.Label}: {numerator.MedianWall / denominator.MedianWall:0.00}x wall, {numerator.MedianCpu / denominator.MedianCpu:0.00}x cpu (medians)");
}

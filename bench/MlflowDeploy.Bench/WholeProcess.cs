using System.Diagnostics;
using System.Globalization;

namespace MlflowDeploy.Bench;

/// <summary>
/// One command run as a whole process under <c>/usr/bin/time</c>: the wall time from start to exit, and the CPU
/// time (user + system) of the process and every child it waited for. A command that fails ends the benchmark:
/// a timing of something that did not work is no timing.
/// </summary>
internal sealed record WholeProcess(string Label, IReadOnlyList<string> Command, IReadOnlyDictionary<string, string?> Environment, string WorkingDirectory, TimeSpan Deadline)
{
    public sealed record Timing(double WallSeconds, double CpuSeconds, string Output);

    public async Task<Timing> RunAsync(CancellationToken ct)
    {
        var times = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo("/usr/bin/time")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = WorkingDirectory,
            };
            foreach (var argument in new[] { "-f", "%U %S", "-o", times }.Concat(Command))
                info.ArgumentList.Add(argument);
            foreach (var (name, value) in Environment)
            {
                if (value is null)
                    info.Environment.Remove(name);
                else
                    info.Environment[name] = value;
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Label}");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(Deadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Label} did not finish within {Deadline}");
            }

            var wall = clock.Elapsed.TotalSeconds;
            var output = await stdout + await stderr;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{Label} failed (exit {process.ExitCode}):\n{Tail(output)}");
            var cpu = File.ReadAllText(times).Trim().Split('\n')[^1].Split(' ').Sum(t => double.Parse(t, CultureInfo.InvariantCulture));
            return new Timing(wall, cpu, output);
        }
        finally
        {
            File.Delete(times);
        }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(30));
}

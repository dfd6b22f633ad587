using System.Diagnostics;
using System.Text;

namespace MlflowDeploy.Tests.Support;

/// <summary>Runs the repository's real <c>build.sh</c> (or <c>build.ps1</c>) as a user would, under a deadline.</summary>
public static class BuildScript
{
    public sealed record Result(int ExitCode, string Output, string Error, TimeSpan Duration)
    {
        public string All => Output + Error;
    }

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(TimeSpan.FromMinutes(12), null, arguments);

    public static async Task<Result> RunAsync(TimeSpan deadline, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryRoot.Path, "build.sh"))
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return await RunProcessAsync(info, deadline);
    }

    public static async Task<Result> RunProcessAsync(ProcessStartInfo info, TimeSpan deadline, Action<Process>? whileRunning = null)
    {
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        var readOut = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is { } l) { lock (output) { output.AppendLine(l); } } });
        var readErr = Task.Run(async () => { while (await process.StandardError.ReadLineAsync() is { } l) { lock (error) { error.AppendLine(l); } } });
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            whileRunning?.Invoke(process);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} ran past {deadline}:\n{output}\n{error}");
        }

        await Task.WhenAll(readOut, readErr);
        return new Result(process.ExitCode, output.ToString(), error.ToString(), stopwatch.Elapsed);
    }
}

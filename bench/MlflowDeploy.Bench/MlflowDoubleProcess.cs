using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace MlflowDeploy.Bench;

/// <summary>A child process of this benchmark serving one MLflow double; disposing closes its stdin and waits for it.</summary>
internal sealed class MlflowDoubleProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(5);
    private readonly Process _process;

    private MlflowDoubleProcess(Process process, MlflowDoubleHost.Contents contents)
    {
        _process = process;
        Contents = contents;
    }

    public MlflowDoubleHost.Contents Contents { get; }

    public Uri BaseUrl => new(Contents.Url);

    public int ProcessId => _process.Id;

    public static async Task<MlflowDoubleProcess> StartAsync(MlflowDoubleHost.Options seed, CancellationToken cancellationToken)
    {
        // Run as "dotnet bench.dll" or as the apphost, whichever started us.
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var arg in new[] { "mlflow-double", "--runs", $"{seed.Runs}", "--points", $"{seed.Points}", "--artifact-runs", $"{seed.ArtifactRuns}", "--latency-ms", $"{seed.LatencyMs}" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(StartDeadline);
            var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                ?? throw new InvalidOperationException($"the MLflow double (pid {process.Id}) exited before it was ready");
            return new MlflowDoubleProcess(process, JsonSerializer.Deserialize<MlflowDoubleHost.Contents>(line)!);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            _process.Dispose();
        }
    }
}

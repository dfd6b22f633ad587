using System.Diagnostics;
using System.Globalization;
using System.Net;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Local;

/// <summary>
/// An <c>mlflow server</c> started from PATH for Verify in the emulator, where nothing serves MLflow at the
/// load balancer's name: SQLite backend and local artifacts in a scratch folder, on a free loopback port.
/// Ready once <c>/health</c> answers 200 within the deadline; disposing stops the process tree and deletes the folder.
/// </summary>
public sealed class LocalMlflowServer : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly string _folder;
    private readonly List<string> _output = [];

    private LocalMlflowServer(Process process, string folder, Uri baseUrl)
    {
        _process = process;
        _folder = folder;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="executable"/> (an <c>mlflow</c> found on PATH) and waits for <c>/health</c>.</summary>
    public static async Task<LocalMlflowServer> StartAsync(string executable, TimeSpan startDeadline, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlflow-deploy-verify", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = LoopbackPort.Free();
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = folder,
        };
        foreach (var argument in new[]
        {
            "server",
            "--backend-store-uri", $"sqlite:///{Path.Combine(folder, "mlflow.db")}",
            "--host", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--serve-artifacts",
            "--artifacts-destination", Path.Combine(folder, "artifacts"),
        })
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            TryDeleteFolder(folder);
            throw new ActionableError($"could not start {executable} ({e.Message}): reinstall MLflow (pip install mlflow) or pass --mlflow-url", exitCode: 2);
        }

        process.StandardInput.Close();
        var server = new LocalMlflowServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(startDeadline, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        // SIGINT lets gunicorn stop its workers; the tree kill is the bound on that.
        await ProcessInterrupt.StopAsync(_process, StopGrace).ConfigureAwait(false);
        _process.Dispose();
        TryDeleteFolder(_folder);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 20)
                _output.RemoveAt(0);
        }
    }

    private string LastOutput()
    {
        lock (_output)
        {
            return _output.Count == 0 ? "no output" : _output[^1];
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = ProbeTimeout };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new ActionableError(
                    $"the local mlflow server exited during start-up (exit {_process.ExitCode}): {LastOutput()} — fix the mlflow install or pass --mlflow-url",
                    exitCode: 2);
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "health"), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This probe timed out; the deadline still bounds the wait.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        throw new ActionableError(
            $"the local mlflow server did not answer /health within {DurationText.Human(deadline)} ({LastOutput()}) — pass --mlflow-url to check another server",
            exitCode: 2);
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

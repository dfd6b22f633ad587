using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MlflowDeploy.Tests.Support;

/// <summary>
/// A private moto_server on a free loopback port for one test class, killed on dispose. Services report
/// two running tasks (<c>MOTO_ECS_SERVICE_RUNNING=2</c>). Fixtures are created with the awscli, never by the code under test.
/// </summary>
public class MotoServer : IAsyncLifetime
{
    public const string Region = "eu-west-2";
    public const string AccessKeyId = "testing";
    public const string SecretAccessKey = "testing";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(45);
    private readonly string _logPath = Path.Combine(Path.GetTempPath(), $"moto-{Guid.NewGuid():N}.log");
    private Process? _process;
    private StreamWriter? _log;

    public Uri Endpoint { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("moto_server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-H", "127.0.0.1", "-p", port.ToString() })
            info.ArgumentList.Add(argument);
        info.Environment["MOTO_ECS_SERVICE_RUNNING"] = "2";
        try
        {
            _process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"moto_server could not start ({e.Message}): install it with pip install 'moto[server]==5.2.1'", e);
        }
        var log = _log = new StreamWriter(_logPath) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Endpoint = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartDeadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"moto_server exited with {_process.ExitCode} while starting; its log is {_logPath}");
            try
            {
                if ((await http.GetAsync(new Uri(Endpoint, "/moto-api/"))).IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"moto_server did not answer on {Endpoint} within {StartDeadline}; its log is {_logPath}");
    }

    /// <summary>Runs <c>aws --endpoint-url … &lt;args&gt;</c> (awscli v1, JSON output) and returns the parsed answer.</summary>
    public async Task<JsonElement> AwsCliAsync(params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync(
            "aws",
            ["--endpoint-url", Endpoint.ToString(), "--output", "json", .. arguments],
            TimeSpan.FromSeconds(60),
            environment: new Dictionary<string, string?>
            {
                ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
                ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
                ["AWS_SESSION_TOKEN"] = null,
                ["AWS_PROFILE"] = null,
                ["AWS_DEFAULT_REGION"] = Region,
                ["AWS_ENDPOINT_URL"] = null,
            });
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? default : JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    public virtual Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            // Only the overload without a timeout waits for the output events, which write to the log closed below.
            if (_process.WaitForExit(10_000))
                _process.WaitForExit();
        }
        _process?.Dispose();
        if (_log is not null)
            lock (_log)
                _log.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

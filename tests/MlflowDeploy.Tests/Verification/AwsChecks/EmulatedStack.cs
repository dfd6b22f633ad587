using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.Support;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>
/// A private moto_server started with the ECS behaviour a scenario needs (<c>MOTO_ECS_SERVICE_RUNNING</c>,
/// <c>MOTO_ECS_SERVICE_FAILED_TASKS</c>), where each test builds its own copy of the stack with boto3
/// (<c>emulated_stack.py</c>) and reads its outputs exactly as Verify reads Terraform's.
/// </summary>
public abstract class EmulatedStack : IAsyncLifetime
{
    public const string Region = "eu-west-2";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(45);
    private readonly string _logPath = Path.Combine(Path.GetTempPath(), $"moto-verify-{Guid.NewGuid():N}.log");
    private Process? _process;
    private int _stacks;

    protected abstract IReadOnlyDictionary<string, string> MotoEnvironment { get; }

    public Uri Endpoint { get; private set; } = null!;

    public AwsClients Clients { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("moto_server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-H", "127.0.0.1", "-p", port.ToString() })
            info.ArgumentList.Add(argument);
        info.Environment.Remove("MOTO_ECS_SERVICE_RUNNING");
        info.Environment.Remove("MOTO_ECS_SERVICE_FAILED_TASKS");
        foreach (var (key, value) in MotoEnvironment)
            info.Environment[key] = value;
        _process = Process.Start(info)!;
        var log = new StreamWriter(_logPath) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"moto_server exited with {_process.ExitCode}; log {_logPath}");
            try
            {
                if ((await http.GetAsync(new Uri(Endpoint, "/moto-api/"))).IsSuccessStatusCode)
                    break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (clock.Elapsed > StartDeadline)
                throw new TimeoutException($"moto_server did not answer within {StartDeadline}; log {_logPath}");
            await Task.Delay(200);
        }

        var environment = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = Endpoint.ToString() };
        Clients = AwsClients.Create(new AwsCredentials("testing", "testing"), Region, environment.GetValueOrDefault);
    }

    /// <summary>A fresh copy of the stack under a unique name; the service runs <paramref name="serviceRevision"/>, Terraform "applied" <paramref name="appliedRevision"/>.</summary>
    public async Task<DeploymentOutputs> CreateAsync(int desired = 2, int serviceRevision = 1, int appliedRevision = 1)
    {
        var name = $"mlflow-{Interlocked.Increment(ref _stacks)}-{Guid.NewGuid().ToString("N")[..6]}";
        var script = Path.Combine(RepositoryRoot.Path, "tests", "MlflowDeploy.Tests", "Verification", "AwsChecks", "emulated_stack.py");
        var result = await ExternalProcess.RunAsync("python3",
            [script, Endpoint.ToString().TrimEnd('/'), Region, name, desired.ToString(), "--service-revision", serviceRevision.ToString(), "--applied-revision", appliedRevision.ToString()],
            TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"emulated_stack.py failed ({result.ExitCode}): {result.StandardError}");
        using var document = JsonDocument.Parse(result.StandardOutput);
        return DeploymentOutputs.FromTerraformOutputs(document.RootElement);
    }

    /// <summary>Runs the Fargate stand-in for the stack, as the lead's Apply does in the local environment.</summary>
    public async Task<(IReadOnlyList<SimulatedTask> Tasks, IReadOnlyList<string> Lines)> StandInAsync(DeploymentOutputs outputs)
    {
        var lines = new List<string>();
        var tasks = await FargateStandIn.StartAsync(outputs, Clients, Endpoint, lines.Add, CancellationToken.None);
        return (tasks, lines);
    }

    public Task DisposeAsync()
    {
        Clients?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Services report their desired two tasks running and the rollout COMPLETED.</summary>
public sealed class HealthyEmulatedStack : EmulatedStack
{
    protected override IReadOnlyDictionary<string, string> MotoEnvironment { get; } = new Dictionary<string, string> { ["MOTO_ECS_SERVICE_RUNNING"] = "2" };
}

/// <summary>Services report one of two tasks running, so every rollout stays IN_PROGRESS.</summary>
public sealed class StalledRolloutEmulatedStack : EmulatedStack
{
    protected override IReadOnlyDictionary<string, string> MotoEnvironment { get; } = new Dictionary<string, string> { ["MOTO_ECS_SERVICE_RUNNING"] = "1" };
}

/// <summary>Services report two running but one failed task.</summary>
public sealed class FailedTasksEmulatedStack : EmulatedStack
{
    protected override IReadOnlyDictionary<string, string> MotoEnvironment { get; } = new Dictionary<string, string>
    {
        ["MOTO_ECS_SERVICE_RUNNING"] = "2",
        ["MOTO_ECS_SERVICE_FAILED_TASKS"] = "1",
    };
}

using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Local;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Support;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>
/// A private emulator started with the ECS behaviour a scenario needs (<c>MOTO_ECS_SERVICE_RUNNING</c>,
/// <c>MOTO_ECS_SERVICE_FAILED_TASKS</c>), where each test builds its own copy of the stack with boto3
/// (<c>emulated_stack.py</c>) and reads its outputs exactly as Verify reads Terraform's.
/// </summary>
public abstract class EmulatedStack : IAsyncLifetime
{
    public const string Region = "eu-west-2";
    private readonly string _logPath = Path.Combine(Path.GetTempPath(), $"moto-verify-{Guid.NewGuid():N}.log");
    private MotoEmulator? _emulator;
    private int _stacks;

    protected abstract IReadOnlyDictionary<string, string> MotoEnvironment { get; }

    public Uri Endpoint { get; private set; } = null!;

    public AwsClients Clients { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>(MotoEnvironment);
        var running = settings.Remove("MOTO_ECS_SERVICE_RUNNING", out var text) ? int.Parse(text) : 0;
        _emulator = await MotoEmulator.StartAsync(
            new MotoOptions { LogFile = _logPath, EcsServiceRunning = running, Settings = settings },
            CancellationToken.None);
        Endpoint = _emulator.Endpoint;

        var environment = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = Endpoint.ToString() };
        Clients = AwsClients.Create(new AwsCredentials("testing", "testing"), Region, environment.GetValueOrDefault);
    }

    /// <summary>A fresh copy of the stack under a unique name; the service runs <paramref name="serviceRevision"/>, Terraform "applied" <paramref name="appliedRevision"/>.</summary>
    public async Task<DeploymentOutputs> CreateAsync(int desired = 2, int serviceRevision = 1, int appliedRevision = 1)
    {
        using var document = JsonDocument.Parse(await CreateOutputsJsonAsync(desired, serviceRevision, appliedRevision));
        return DeploymentOutputs.FromTerraformOutputs(document.RootElement);
    }

    /// <summary>As <see cref="CreateAsync"/>, the outputs as <c>terraform output -json</c> prints them.</summary>
    public async Task<string> CreateOutputsJsonAsync(int desired = 2, int serviceRevision = 1, int appliedRevision = 1)
    {
        var name = $"mlflow-{Interlocked.Increment(ref _stacks)}-{Guid.NewGuid().ToString("N")[..6]}";
        var script = Path.Combine(RepositoryRoot.Path, "tests", "MlflowDeploy.IntegrationTests", "Verification", "AwsChecks", "emulated_stack.py");
        var result = await ExternalProcess.RunAsync("python3",
            [script, Endpoint.ToString().TrimEnd('/'), Region, name, desired.ToString(), "--service-revision", serviceRevision.ToString(), "--applied-revision", appliedRevision.ToString()],
            CommandDeadline.Helper);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"emulated_stack.py failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>Runs the Fargate stand-in for the stack, as the lead's Apply does in the local environment.</summary>
    public async Task<(IReadOnlyList<SimulatedTask> Tasks, IReadOnlyList<string> Lines)> StandInAsync(DeploymentOutputs outputs)
    {
        var lines = new List<string>();
        var tasks = await FargateStandIn.StartAsync(outputs, Clients, Endpoint, lines.Add, CancellationToken.None);
        return (tasks, lines);
    }

    public async Task DisposeAsync()
    {
        Clients?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
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

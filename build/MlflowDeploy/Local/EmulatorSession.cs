using System.Diagnostics;
using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Local;

/// <summary>
/// The emulated account of one run: moto started for this run (or one the user keeps running), the process
/// environment pointed at it for the library's own AWS clients, and the bucket that holds the environment's state.
/// Disposing stops what this run started and puts the process environment back.
/// </summary>
public sealed class EmulatorSession : IAsyncDisposable
{
    private readonly MotoEmulator? _emulator;
    private readonly ProcessEnvironmentScope _scope;
    private readonly Action<string> _log;

    private EmulatorSession(Uri endpoint, IReadOnlyDictionary<string, string?> variables, MotoEmulator? emulator, ProcessEnvironmentScope scope, Action<string> log)
    {
        Endpoint = endpoint;
        Variables = variables;
        _emulator = emulator;
        _scope = scope;
        _log = log;
    }

    public Uri Endpoint { get; }

    /// <summary>What terraform and the in-process clients need to reach the emulator instead of an account.</summary>
    public IReadOnlyDictionary<string, string?> Variables { get; }

    public static async Task<EmulatorSession> StartAsync(DeployEnvironment environment, string region, int runningTasks, Action<string> log, CancellationToken cancellationToken)
    {
        MotoEmulator? emulator = null;
        Uri endpoint;
        if (MotoOptions.ExternalEndpoint() is { } external)
        {
            // Its resources, and the state that describes them, outlive this run.
            endpoint = external;
            log($"AWS emulator: using {endpoint} (MLFLOW_DEPLOY_EMULATOR_URL); it was started outside this run and is left running");
        }
        else
        {
            var started = Stopwatch.StartNew();
            emulator = await MotoEmulator.StartAsync(MotoOptions.FromEnvironment(environment.Artifacts.EmulatorLog, runningTasks), cancellationToken).ConfigureAwait(false);
            endpoint = emulator.Endpoint;
            log($"AWS emulator (moto) listening on {endpoint} (pid {emulator.ProcessId}, {DurationText.Human(started.Elapsed)}); log: {Path.GetRelativePath(environment.RepositoryRoot, emulator.LogFile)}");
        }

        var variables = EmulatedAccount.Variables(endpoint, region);
        var scope = new ProcessEnvironmentScope(variables);
        var session = new EmulatorSession(endpoint, variables, emulator, scope, log);
        try
        {
            // The emulator keeps state in memory, so the state of what it holds lives, and dies, with it.
            using var aws = AwsClients.Create(new AwsCredentials("testing", "testing", null), region);
            await aws.S3.EnsureBucketAsync(StateBackend.EmulatedStateBucket, region, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
            _log("AWS emulator stopped");
        }

        _scope.Dispose();
    }
}

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

    public static async Task<EmulatorSession> StartAsync(DeployEnvironment environment, TfvarsFile tfvars, Action<string> log, CancellationToken cancellationToken)
    {
        var region = tfvars.GetString("region") ?? "eu-west-2";
        var runningTasks = tfvars.GetInt("desired_count") ?? 2;
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

        var variables = new Dictionary<string, string?>(EmulatedAccount.Variables(endpoint, region));
        try
        {
            // The emulator keeps state in memory, so the state of what it holds lives, and dies, with it.
            using var aws = AwsClients.Create(new AwsCredentials("testing", "testing", null), region, name => variables.TryGetValue(name, out var value) ? value : null);
            await aws.S3.EnsureBucketAsync(StateBackend.EmulatedStateBucket, region, cancellationToken).ConfigureAwait(false);
            if (tfvars.GetString("mlflow_hostname") is { Length: > 0 } hostname && tfvars.GetString("certificate_arn") is null)
            {
                variables[EmulatedCertificate.Variable] = await EmulatedCertificate.ImportAsync(hostname, region, variables, cancellationToken).ConfigureAwait(false);
                log($"HTTPS: a self-signed certificate for {hostname} is in the emulator's ACM ({variables[EmulatedCertificate.Variable]})");
            }
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new EmulatorSession(endpoint, variables, emulator, new ProcessEnvironmentScope(variables), log);
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

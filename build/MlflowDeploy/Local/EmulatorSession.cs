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

    private static readonly HttpClient AdministratorHttp = new() { Timeout = TimeSpan.FromSeconds(30) };

    private EmulatorSession(
        Uri endpoint, IReadOnlyDictionary<string, string?> variables, MotoEmulator? emulator, ProcessEnvironmentScope scope, Action<string> log,
        LeastPrivilegeAccount? leastPrivilege, AwsCredentials serviceCredentials)
    {
        Endpoint = endpoint;
        Variables = variables;
        _emulator = emulator;
        _scope = scope;
        _log = log;
        LeastPrivilege = leastPrivilege;
        ServiceCredentials = serviceCredentials;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// What terraform and the in-process clients need to reach the emulator instead of an account. Under
    /// <c>--least-privilege</c> its credentials are refused: a stage gets its role's session on top (<see cref="LeastPrivilege"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Variables { get; }

    /// <summary>The IAM-enforced account of <c>--least-privilege</c>; null when the emulator lets every call through.</summary>
    public LeastPrivilegeAccount? LeastPrivilege { get; }

    /// <summary>The identity of what stands in for AWS's own services (the Fargate stand-in): the administrator when IAM is enforced.</summary>
    public AwsCredentials ServiceCredentials { get; }

    public static async Task<EmulatorSession> StartAsync(
        DeployEnvironment environment, TfvarsFile tfvars, Action<string> log, CancellationToken cancellationToken, bool leastPrivilege = false)
    {
        var region = tfvars.GetString("region") ?? "eu-west-2";
        var runningTasks = tfvars.GetInt("desired_count") ?? 2;
        MotoEmulator? emulator = null;
        Uri endpoint;
        if (leastPrivilege && MotoOptions.ExternalEndpoint() is not null)
        {
            throw new ActionableError(
                "--least-privilege starts its own emulator with IAM enforced and infra/bootstrap applied; it cannot use the one at MLFLOW_DEPLOY_EMULATOR_URL — unset it, or drop --least-privilege",
                exitCode: 2);
        }

        if (MotoOptions.ExternalEndpoint() is { } external)
        {
            // Its resources, and the state that describes them, outlive this run.
            endpoint = external;
            log($"AWS emulator: using {endpoint} (MLFLOW_DEPLOY_EMULATOR_URL); it was started outside this run and is left running");
        }
        else
        {
            var started = Stopwatch.StartNew();
            var options = MotoOptions.FromEnvironment(environment.Artifacts.EmulatorLog, runningTasks);
            if (leastPrivilege)
            {
                Directory.CreateDirectory(environment.Artifacts.Directory);
                File.Delete(environment.Artifacts.IamCallRecord);
                options = options with { IamEnforced = true, CallRecordFile = environment.Artifacts.IamCallRecord };
            }

            emulator = await MotoEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
            endpoint = emulator.Endpoint;
            log($"AWS emulator (moto) listening on {endpoint} (pid {emulator.ProcessId}, {DurationText.Human(started.Elapsed)}); log: {Path.GetRelativePath(environment.RepositoryRoot, emulator.LogFile)}");
        }

        var variables = new Dictionary<string, string?>(EmulatedAccount.Variables(endpoint, region));
        var service = new AwsCredentials("testing", "testing", null);
        LeastPrivilegeAccount? account = null;
        try
        {
            if (leastPrivilege)
            {
                // The first calls the emulator answers unauthenticated make its administrator; every later one is checked.
                service = await EmulatedIdentity.CreateAdministratorAsync(endpoint, AdministratorHttp, cancellationToken).ConfigureAwait(false);
                log($"least privilege: IAM enforced in the emulator; every call is recorded in {Path.GetRelativePath(environment.RepositoryRoot, environment.Artifacts.IamCallRecord)}");
            }

            if (tfvars.GetString("mlflow_hostname") is { Length: > 0 } hostname && tfvars.GetString("certificate_arn") is null)
            {
                variables[EmulatedCertificate.Variable] = await EmulatedCertificate.ImportAsync(hostname, region, variables, cancellationToken, service).ConfigureAwait(false);
                log($"HTTPS: a self-signed certificate for {hostname} is in the emulator's ACM ({variables[EmulatedCertificate.Variable]})");
            }

            if (leastPrivilege)
            {
                // The bootstrap makes the state bucket, as it does in a new account.
                var stack = tfvars.GetString("name") ?? throw new ActionableError($"{Path.GetFileName(environment.VarFile)} sets no name = \"...\": the bootstrap's roles are scoped to it", 2);
                var bootstrap = await EmulatedBootstrap.ApplyAsync(environment, stack, region, endpoint, service, log, cancellationToken).ConfigureAwait(false);
                account = new LeastPrivilegeAccount(endpoint, region, service, bootstrap, environment, stack, log);
            }
            else
            {
                // The emulator keeps state in memory, so the state of what it holds lives, and dies, with it.
                using var aws = AwsClients.Create(service, region, name => variables.TryGetValue(name, out var value) ? value : null);
                await aws.S3.EnsureBucketAsync(StateBackend.EmulatedStateBucket, region, cancellationToken).ConfigureAwait(false);
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

        return new EmulatorSession(endpoint, variables, emulator, new ProcessEnvironmentScope(variables), log, account, service);
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
            var faults = EmulatorRequestLog.Read(_emulator.LogFile).Describe(_emulator.LogFile);
            _log(faults is null ? "AWS emulator stopped" : $"AWS emulator stopped; {faults}");
        }

        _scope.Dispose();
    }
}

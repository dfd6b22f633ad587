using MlflowDeploy.Aws;
using MlflowDeploy.Local;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// The Verify stage: every check on what Terraform deployed (ECS service and tasks, load balancer, logs, RDS,
/// S3, and MLflow itself) run concurrently under one deadline, into one <see cref="VerificationReport"/>.
/// </summary>
public static class DeploymentVerification
{
    public const string EmulatorSkipReason = "no MLflow server to check in the emulator: pass --mlflow-url or put mlflow on PATH";

    /// <summary>
    /// Runs Verify. <paramref name="log"/> hears what is set up (a local mlflow started, which URL is checked);
    /// the runner's progress goes to <see cref="VerificationOptions.Progress"/>. The report's
    /// <see cref="VerificationReport.ExitCode"/> is 0 healthy, 1 unhealthy, 2 could not run.
    /// </summary>
    public static async Task<VerificationReport> RunAsync(
        DeploymentOutputs outputs,
        DeploymentVerificationOptions options,
        AwsClients aws,
        Action<string>? log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(aws);
        log ??= _ => { };

        var verdict = new RolloutVerdict();
        var checks = new List<IVerificationCheck>(AwsChecks(outputs, aws, options.Runner.TimeProvider, verdict));
        var secrets = new List<string>(options.Runner.Secrets);
        LocalMlflowServer? local = null;
        MlflowClient? client = null;
        try
        {
            var target = await ResolveMlflowAsync(outputs, options, aws, log, cancellationToken).ConfigureAwait(false);
            local = target.Local;
            if (target.Unavailable is { } unavailable)
            {
                checks.AddRange(MlflowCheckNames(options.SmokeWrite).Select(name => target.Error is { } error
                    ? (IVerificationCheck)new UnrunnableCheck(name, error)
                    : new SkippedCheck(name, unavailable)));
            }
            else
            {
                client = new MlflowClient(new MlflowClientOptions
                {
                    BaseUrl = target.Url!,
                    Credentials = target.Credentials,
                    RequestTimeout = options.MlflowRequestTimeout,
                    TimeProvider = options.Runner.TimeProvider,
                });
                secrets.AddRange(target.Credentials.SecretValues);
                log($"checking MLflow at {target.Url}");
                checks.AddRange(MlflowChecks.For(outputs with { MlflowVersion = target.ExpectedVersion ?? "" }, client, options.SmokeWrite)
                    .Select(c => new RolloutDependentCheck(c, verdict)));
            }

            var runner = new VerificationRunner(options.Runner with { Secrets = secrets });
            return await runner.RunAsync(checks, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            client?.Dispose();
            if (local is not null)
            {
                await local.DisposeAsync().ConfigureAwait(false);
                log("local mlflow server stopped");
            }
        }
    }

    /// <summary>
    /// The six AWS checks, sharing one read of the applied task definition. Those that wait on tasks stop waiting
    /// once <c>ecs.service</c> records a final failure in <paramref name="verdict"/>.
    /// </summary>
    public static IReadOnlyList<IVerificationCheck> AwsChecks(DeploymentOutputs outputs, AwsClients aws, TimeProvider? time = null, RolloutVerdict? verdict = null)
    {
        verdict ??= new RolloutVerdict();
        var definition = new TaskDefinitionCache(aws.Ecs, outputs.TaskDefinitionArn);
        return
        [
            new EcsServiceCheck(aws.Ecs, outputs, time, verdict),
            new RolloutDependentCheck(new EcsTasksCheck(aws.Ecs, outputs, definition, time), verdict),
            new RolloutDependentCheck(new LoadBalancerCheck(aws.LoadBalancing, outputs), verdict),
            new RolloutDependentCheck(new LogsCheck(aws.Ecs, aws.Logs, outputs, definition, time), verdict),
            new RdsInstanceCheck(aws.Rds, outputs),
            new ArtifactBucketVersioningCheck(aws.S3, outputs),
        ];
    }

    private static IEnumerable<string> MlflowCheckNames(bool smokeWrite) =>
        smokeWrite
            ? [MlflowHealthCheck.CheckName, MlflowApiCheck.CheckName, MlflowSmokeWriteCheck.CheckName]
            : [MlflowHealthCheck.CheckName, MlflowApiCheck.CheckName];

    private static async Task<MlflowTarget> ResolveMlflowAsync(
        DeploymentOutputs outputs, DeploymentVerificationOptions options, AwsClients aws, Action<string> log, CancellationToken cancellationToken)
    {
        if (options.MlflowUrl is { } overridden)
        {
            return await AtAsync(overridden).ConfigureAwait(false);
        }

        if (options.MlflowAvailability == MlflowAvailability.AtDeployedUrl)
        {
            if (!Uri.TryCreate(outputs.MlflowUrl, UriKind.Absolute, out var deployed))
            {
                throw new ActionableError($"the Terraform output mlflow_url '{outputs.MlflowUrl}' is not an absolute URL: check infra/outputs.tf and re-run apply", exitCode: 2);
            }

            return await AtAsync(deployed).ConfigureAwait(false);
        }

        // Without credentials the MLflow checks cannot run; the AWS checks still do.
        async Task<MlflowTarget> AtAsync(Uri url)
        {
            try
            {
                return MlflowTarget.At(url, await VerificationCredentials.ResolveAsync(outputs, aws, log, cancellationToken).ConfigureAwait(false), outputs.MlflowVersion);
            }
            catch (ActionableError e)
            {
                return MlflowTarget.Failed(e);
            }
        }

        var mlflow = ExecutableLocator.Find("mlflow", options.SearchPath);
        if (mlflow is null)
        {
            log($"MLflow checks skipped: {EmulatorSkipReason}");
            return MlflowTarget.Skipped(EmulatorSkipReason);
        }

        try
        {
            var local = await LocalMlflowServer.StartAsync(mlflow, options.LocalMlflowStartDeadline, cancellationToken).ConfigureAwait(false);
            log($"started a local mlflow server ({mlflow}, pid {local.ProcessId}) at {local.BaseUrl} to stand in for the emulator's missing one");
            // Whatever mlflow is installed here is not the image's version, so the version is not compared.
            return MlflowTarget.Started(local);
        }
        catch (ActionableError e)
        {
            return MlflowTarget.Failed(e);
        }
    }

    private sealed record MlflowTarget(Uri? Url, MlflowCredentials Credentials, string? ExpectedVersion, LocalMlflowServer? Local, string? Unavailable, ActionableError? Error)
    {
        public static MlflowTarget At(Uri url, MlflowCredentials credentials, string? version) => new(url, credentials, version, null, null, null);

        public static MlflowTarget Started(LocalMlflowServer local) => new(local.BaseUrl, MlflowCredentials.None, null, local, null, null);

        public static MlflowTarget Skipped(string reason) => new(null, MlflowCredentials.None, null, null, reason, null);

        public static MlflowTarget Failed(ActionableError error) => new(null, MlflowCredentials.None, null, null, error.Message, error);
    }
}

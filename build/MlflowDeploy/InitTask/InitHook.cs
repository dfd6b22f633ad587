using MlflowDeploy.Aws;
using MlflowDeploy.Local;

namespace MlflowDeploy.InitTask;

/// <summary>
/// terraform's init hook (infra/init.tf, <c>MlflowDeploy init-task</c>): seeds the auth secrets that have no value,
/// snapshots the database when the MLflow version changes, then runs the one-shot init task and waits for it, and
/// marks on the service when that task migrated the schema (<see cref="SchemaMigrationRecord"/>, read by Rollback).
/// Exit codes: 0 done; 1 the init task or the snapshot failed (the service was not changed); 2 the hook could not
/// run (settings, credentials, permissions); 130 interrupted.
/// </summary>
public static class InitHook
{
    public static async Task RunAsync(InitTaskSettings settings, AwsClients aws, IInitTaskHost host, TimeProvider time, Action<string> log, CancellationToken cancellationToken)
    {
        if (settings.AuthSecrets.Count > 0)
        {
            await AuthSecretSeeder.SeedAsync(aws.SecretsManager, settings.AuthSecrets, log, cancellationToken).ConfigureAwait(false);
        }

        var snapshot = await MigrationSnapshot.TakeIfVersionChangesAsync(aws, settings, time, log, cancellationToken).ConfigureAwait(false);
        var lines = await InitTaskRun.RunAsync(host, aws, settings, time, log, cancellationToken).ConfigureAwait(false);
        await SchemaMigrationRecord.WriteIfMigratedAsync(lines, snapshot, aws.Ecs, settings, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The program's entry: settings from <c>MLFLOW_INIT_*</c>, AWS from the environment terraform passed on.</summary>
    public static async Task<int> MainAsync(Func<string, string?> environment, Action<string> log, Action<string> error, CancellationToken cancellationToken)
    {
        try
        {
            var settings = InitTaskSettings.FromEnvironment(environment);
            var emulator = environment("AWS_ENDPOINT_URL");
            if (settings.UsesEmulator && string.IsNullOrWhiteSpace(emulator))
            {
                throw new ActionableError($"environment '{settings.Environment}' runs against the local emulator, but AWS_ENDPOINT_URL is not set — run it through ./build.sh, which starts the emulator", exitCode: 2);
            }

            var staged = Staged(SimulatedInitTaskHost.StagedFailureVariable, environment, settings, log);
            var stagedMigration = Staged(SimulatedInitTaskHost.StagedMigrationVariable, environment, settings, log);

            log($"init hook for {settings.Stack} ({settings.Environment}), MLflow {settings.MlflowVersion}, {settings.TaskDefinition}");
            using var aws = await AwsClients.CreateAsync(settings.Region, cancellationToken).ConfigureAwait(false);
            using var emulatorService = settings.UsesEmulator ? SimulatedInitTaskHost.ServiceClients(environment, settings.Region) : null;
            IInitTaskHost host = settings.UsesEmulator
                ? new SimulatedInitTaskHost(aws, emulatorService ?? aws, settings.AuthSecrets.Count > 0, staged, log, stagedMigration)
                : new EcsInitTaskHost(aws.Ecs);
            await RunAsync(settings, aws, host, TimeProvider.System, log, cancellationToken).ConfigureAwait(false);
            log("init hook done: the service may roll");
            return 0;
        }
        catch (ActionableError e)
        {
            error(e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error("the init hook was interrupted; the init task (if it started) was asked to stop and the service was not changed");
            return 130;
        }
    }

    /// <summary>A staged outcome of the simulated task (its variable's text), honoured only in local environments.</summary>
    private static string? Staged(string variable, Func<string, string?> environment, InitTaskSettings settings, Action<string> log)
    {
        var staged = environment(variable) is { Length: > 0 } text ? text : null;
        if (staged is not null && !settings.UsesEmulator)
        {
            log($"{variable} is ignored: outcomes are staged only in local environments");
            return null;
        }

        return staged;
    }
}

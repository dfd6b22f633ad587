using MlflowDeploy.Aws;
using MlflowDeploy.InitTask;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Local;

/// <summary>
/// The Fargate stand-in for the one-shot init task in local environments. moto records the RunTask call (so the
/// task definition, command override and network configuration are the real call's), but runs no container:
/// this writes the lines the entrypoint's <c>init</c> would print to the task's awslogs stream, every one starting
/// with <see cref="FargateStandIn.Prefix"/>, stops the task, and reports the exit code the simulation chose.
/// A failure can be staged with <see cref="StagedFailureVariable"/>, so a test can show that a failing migration
/// stops Apply before the service changes, and a schema migration with <see cref="StagedMigrationVariable"/>, so a test
/// can show that Rollback refuses to go back past one.
/// What the task itself does on AWS (its log lines, its own stop) (and the stand-in reading the task definition) goes through <paramref name="taskIdentity"/>: the emulator's
/// service identity, not the deploy role's session, so the least-privilege check counts only the hook's own calls.
/// </summary>
public sealed class SimulatedInitTaskHost(
    AwsClients aws, AwsClients taskIdentity, bool authEnabled, string? stagedFailure, Action<string> log, string? stagedMigration = null) : IInitTaskHost
{
    /// <summary>When set (local environments only), the simulated migration fails with this text as its error.</summary>
    public const string StagedFailureVariable = "MLFLOW_DEPLOY_STAGE_INIT_FAILURE";

    /// <summary>
    /// When set (local environments only), the simulated <c>mlflow db upgrade</c> applies one schema revision, logged as
    /// alembic logs it, with this text as its message; unset, the schema is already current and none is applied.
    /// </summary>
    public const string StagedMigrationVariable = "MLFLOW_DEPLOY_STAGE_SCHEMA_MIGRATION";

    /// <summary>
    /// The emulator's service identity (<c>EmulatorSession.ServiceCredentials</c>) the pipeline hands the hook for the
    /// simulated task's own calls; without it (IAM not enforced) the hook's clients serve.
    /// </summary>
    public const string ServiceAccessKeyVariable = "MLFLOW_DEPLOY_EMULATOR_SERVICE_ACCESS_KEY_ID";

    public const string ServiceSecretKeyVariable = "MLFLOW_DEPLOY_EMULATOR_SERVICE_SECRET_ACCESS_KEY";

    public static IReadOnlyDictionary<string, string?> ServiceVariables(AwsCredentials service) => new Dictionary<string, string?>
    {
        [ServiceAccessKeyVariable] = service.AccessKeyId,
        [ServiceSecretKeyVariable] = service.SecretAccessKey,
    };

    /// <summary>Clients as the emulator's service identity when the pipeline passed one, else null.</summary>
    public static AwsClients? ServiceClients(Func<string, string?> environment, string region) =>
        environment(ServiceAccessKeyVariable) is { Length: > 0 } key && environment(ServiceSecretKeyVariable) is { Length: > 0 } secret
            ? AwsClients.Create(new AwsCredentials(key, secret), region, environment)
            : null;

    private readonly Dictionary<string, int> _exitCodes = new(StringComparer.Ordinal);

    public async Task<EcsTask> StartAsync(EcsRunTaskRequest request, CancellationToken cancellationToken)
    {
        var task = await new EcsInitTaskHost(aws.Ecs).StartAsync(request, cancellationToken).ConfigureAwait(false);
        var id = ServiceTasks.TaskId(task.TaskArn);
        log($"{FargateStandIn.Prefix} moto recorded RunTask for init task {id} but runs no container; the lines below are scripted, nothing ran MLflow or touched a database");

        var definition = await taskIdentity.Ecs.DescribeTaskDefinitionAsync(request.TaskDefinition, cancellationToken).ConfigureAwait(false);
        var container = request.CommandOverrides.Keys.Single();
        var settings = definition.Containers.First(c => c.Name == container);
        var stream = $"{settings.LogStreamPrefix ?? container}/{container}/{id}";
        var lines = Lines(definition.Tags.GetValueOrDefault(MigrationSnapshot.VersionTag, "unknown"));
        await taskIdentity.Logs.CreateLogStreamAsync(settings.LogGroup!, stream, cancellationToken).ConfigureAwait(false);
        var start = DateTimeOffset.UtcNow;
        await taskIdentity.Logs.PutLogEventsAsync(settings.LogGroup!, stream,
            lines.Select((line, i) => new LogEvent(start.AddMilliseconds(i), $"{FargateStandIn.Prefix} {line}")).ToList(), cancellationToken).ConfigureAwait(false);

        _exitCodes[task.TaskArn] = stagedFailure is null ? 0 : 1;
        await taskIdentity.Ecs.StopTaskAsync(request.Cluster, task.TaskArn, $"{FargateStandIn.Prefix} Essential container in task exited", cancellationToken).ConfigureAwait(false);
        return task;
    }

    public async Task<InitTaskState> DescribeAsync(string cluster, string taskArn, string container, CancellationToken cancellationToken)
    {
        // moto's record says whether the task stopped; the exit code is the simulation's (moto keeps none).
        var recorded = await new EcsInitTaskHost(aws.Ecs).DescribeAsync(cluster, taskArn, container, cancellationToken).ConfigureAwait(false);
        return recorded with { ExitCode = recorded.IsStopped ? _exitCodes.GetValueOrDefault(taskArn, 1) : null };
    }

    public Task StopAsync(string cluster, string taskArn, string reason, CancellationToken cancellationToken) =>
        aws.Ecs.StopTaskAsync(cluster, taskArn, reason, cancellationToken);

    /// <summary>What the image's entrypoint prints for `init` (infra/image/entrypoint.py), or its staged failure.</summary>
    private List<string> Lines(string version)
    {
        var lines = new List<string>
        {
            $"mlflow-deploy: init with MLflow {version}",
            "mlflow-deploy: upgrading the tracking schema: mlflow db upgrade",
            "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
            "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
        };
        if (stagedFailure is not null)
        {
            var error = $"sqlalchemy.exc.OperationalError: (staged by {StagedFailureVariable}) {stagedFailure}";
            lines.Add(error);
            lines.Add($"mlflow-deploy: ERROR: mlflow db upgrade failed (exit 1): {error}");
            return lines;
        }

        if (stagedMigration is not null)
        {
            lines.Add($"INFO  [alembic.runtime.migration] {SchemaMigrationRecord.UpgradeMarker}0584bdc529eb -> 5b5c1a9d3e7f, (staged by {StagedMigrationVariable}) {stagedMigration}");
        }

        if (authEnabled)
        {
            lines.Add("mlflow-deploy: auth database created or already there");
            lines.Add("mlflow-deploy: auth schema migrated");
            lines.Add($"mlflow-deploy: administrator {AuthSecretSeeder.AdminUsername}: created or updated");
            lines.Add($"mlflow-deploy: verification user {AuthSecretSeeder.VerifierUsername} (not an admin): created or updated");
        }
        else
        {
            lines.Add("mlflow-deploy: authentication is off: no auth database, no users");
        }

        lines.Add("mlflow-deploy: init done");
        return lines;
    }
}

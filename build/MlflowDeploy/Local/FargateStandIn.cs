using System.Globalization;
using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Local;

/// <summary>
/// The local environment's stand-in for Fargate: moto keeps ECS records but never runs a container, so after
/// Apply this does what Fargate and the awslogs driver would. It starts the service's desired count of tasks
/// (RunTask with the service's task definition, subnets and security groups, tagged as the service's own with
/// <c>group = service:&lt;name&gt;</c>), registers each task's private IP in the target group, and writes MLflow's
/// gunicorn start-up lines to each task's awslogs stream. Every line it logs starts with <see cref="Prefix"/>.
/// The one-shot init task that Apply runs before the service rolls is simulated by <see cref="SimulatedInitTaskHost"/>.
/// </summary>
public static class FargateStandIn
{
    public const string Prefix = "SIMULATION:";

    /// <summary>
    /// moto moves a task one state on (RUNNING → DEACTIVATING → … → STOPPED) on every DescribeTasks call by
    /// default. A manual progression that needs a million calls per step keeps tasks RUNNING for the whole run.
    /// </summary>
    private const string StableTaskTransition = """{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}""";

    private static readonly TimeSpan EmulatorCallTimeout = TimeSpan.FromSeconds(10);

    /// <param name="emulatorEndpoint">moto's base URL, for its state-manager API.</param>
    /// <param name="gunicornWorkers">Workers per task, as infra's <c>gunicorn_workers</c> (one "Booting worker" line each).</param>
    public static async Task<IReadOnlyList<SimulatedTask>> StartAsync(
        DeploymentOutputs outputs,
        AwsClients aws,
        Uri emulatorEndpoint,
        Action<string> log,
        CancellationToken cancellationToken,
        int gunicornWorkers = 2)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(aws);
        ArgumentOutOfRangeException.ThrowIfLessThan(gunicornWorkers, 1);
        void Say(string line) => log($"{Prefix} {line}");

        Say($"moto runs no containers; this stands in for Fargate and the awslogs driver for service '{outputs.ServiceName}'. Nothing below ran MLflow.");
        await KeepTasksRunningAsync(emulatorEndpoint, cancellationToken).ConfigureAwait(false);

        var service = await aws.Ecs.DescribeServiceAsync(outputs.ClusterName, outputs.ServiceName, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionableError($"ECS service '{outputs.ServiceName}' is missing from cluster '{outputs.ClusterName}' in the emulator: run Apply first", exitCode: 2);
        var network = service.Network
            ?? throw new ActionableError($"ECS service '{outputs.ServiceName}' has no awsvpc network configuration: check infra/ecs.tf network_configuration", exitCode: 2);
        var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        var taskDefinition = primary?.TaskDefinition ?? service.TaskDefinition ?? outputs.TaskDefinitionArn;
        var definition = await aws.Ecs.DescribeTaskDefinitionAsync(taskDefinition, cancellationToken).ConfigureAwait(false);
        var container = definition.Containers.FirstOrDefault(c => c.Name == outputs.ContainerName)
            ?? throw new ActionableError($"task definition {taskDefinition} has no container '{outputs.ContainerName}': check infra/ecs.tf", exitCode: 2);
        var prefix = container.LogStreamPrefix ?? outputs.ContainerName;
        var group = await aws.LoadBalancing.DescribeTargetGroupsAsync([outputs.TargetGroupArn], null, cancellationToken).ConfigureAwait(false);
        var port = group.FirstOrDefault()?.Port ?? 5000;

        var serviceTasks = new ServiceTasks(aws.Ecs, outputs.ClusterName, outputs.ServiceName);
        var current = await serviceTasks.CurrentAsync(cancellationToken).ConfigureAwait(false);
        await StopReplacedAsync(current.Where(t => t.TaskDefinitionArn != taskDefinition).ToList(), outputs, aws, port, Say, cancellationToken).ConfigureAwait(false);
        var already = current
            .Where(t => t.TaskDefinitionArn == taskDefinition && t.PrivateIpv4Address is not null)
            .ToList();
        var desired = Math.Max(service.DesiredCount, outputs.DesiredCount);
        var started = new List<SimulatedTask>();
        foreach (var task in already.Take(desired))
        {
            started.Add(new SimulatedTask(task.TaskArn, task.PrivateIpv4Address!, StreamName(prefix, outputs.ContainerName, task.TaskArn)));
        }

        if (started.Count > 0)
        {
            Say($"{started.Count} simulated task(s) already running; starting {Math.Max(desired - started.Count, 0)} more");
        }

        while (started.Count < desired)
        {
            // As ECS does for a service's tasks: startedBy is the deployment id, group names the service.
            var run = await aws.Ecs.RunTaskAsync(new EcsRunTaskRequest(
                outputs.ClusterName, taskDefinition, network.Subnets, network.SecurityGroups, network.AssignPublicIp,
                StartedBy: primary?.Id, Group: ServiceTasks.GroupOf(outputs.ServiceName)), cancellationToken).ConfigureAwait(false);
            var task = run.Tasks.FirstOrDefault() ?? throw new InvalidOperationException(
                $"the emulator's RunTask started no task: {string.Join("; ", run.Failures.Select(f => $"{f.Reason} {f.Detail}"))}");
            var address = task.PrivateIpv4Address ?? throw new InvalidOperationException($"the emulator gave task {task.TaskArn} no private IP");
            var simulated = new SimulatedTask(task.TaskArn, address, StreamName(prefix, outputs.ContainerName, task.TaskArn));
            started.Add(simulated);
            Say($"started task {ServiceTasks.TaskId(task.TaskArn)} ({EcsServiceCheck.ShortName(taskDefinition)}) at {address} — a record only, no container runs");

            await aws.Logs.CreateLogStreamAsync(outputs.LogGroupName, simulated.LogStreamName, cancellationToken).ConfigureAwait(false);
            var lines = StartupLines(DateTimeOffset.UtcNow, port, gunicornWorkers);
            await aws.Logs.PutLogEventsAsync(outputs.LogGroupName, simulated.LogStreamName, lines, cancellationToken).ConfigureAwait(false);
            Say($"wrote {lines.Count} MLflow/gunicorn start-up lines to {outputs.LogGroupName} stream {simulated.LogStreamName} (scripted, not real output)");
        }

        await aws.LoadBalancing.RegisterTargetsAsync(
            outputs.TargetGroupArn, started.Select(t => new TargetToRegister(t.PrivateIpAddress, port)).ToList(), cancellationToken).ConfigureAwait(false);
        Say($"registered {string.Join(", ", started.Select(t => $"{t.PrivateIpAddress}:{port}"))} in the target group (moto reports IP targets healthy without probing them)");
        return started;
    }

    /// <summary>
    /// A deploy of another task definition (a version bump, a rollback): as ECS does once the rollout completes, the
    /// previous definition's tasks stop and leave the target group, so only the applied definition's tasks serve.
    /// </summary>
    private static async Task StopReplacedAsync(
        IReadOnlyList<EcsTask> replaced, DeploymentOutputs outputs, AwsClients aws, int port, Action<string> say, CancellationToken cancellationToken)
    {
        if (replaced.Count == 0)
        {
            return;
        }

        foreach (var task in replaced)
        {
            await aws.Ecs.StopTaskAsync(outputs.ClusterName, task.TaskArn, $"{Prefix} replaced by the deployment of another task definition", cancellationToken).ConfigureAwait(false);
        }

        var registered = (await aws.LoadBalancing.DescribeTargetHealthAsync(outputs.TargetGroupArn, cancellationToken).ConfigureAwait(false))
            .Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var addresses = replaced.Where(t => t.PrivateIpv4Address is { } ip && registered.Contains(ip)).Select(t => new TargetToRegister(t.PrivateIpv4Address!, port)).ToList();
        if (addresses.Count > 0)
        {
            await aws.LoadBalancing.DeregisterTargetsAsync(outputs.TargetGroupArn, addresses, cancellationToken).ConfigureAwait(false);
        }

        say($"stopped {replaced.Count} task(s) of the previous task definition and deregistered them, as ECS does when a rollout completes");
    }

    /// <summary>What <c>mlflow server</c> prints when it starts behind gunicorn: migrations, then gunicorn's lines.</summary>
    public static IReadOnlyList<LogEvent> StartupLines(DateTimeOffset at, int port, int workers)
    {
        const int masterPid = 7;
        string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
            "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
            $"[{Stamp(at)}] [{masterPid}] [INFO] Starting gunicorn 23.0.0",
            $"[{Stamp(at)}] [{masterPid}] [INFO] Listening at: http://0.0.0.0:{port} ({masterPid})",
            $"[{Stamp(at)}] [{masterPid}] [INFO] Using worker: sync",
        };
        for (var worker = 0; worker < workers; worker++)
        {
            lines.Add($"[{Stamp(at)}] [{masterPid + 1 + worker}] [INFO] Booting worker with pid: {masterPid + 1 + worker}");
        }

        // One millisecond apart keeps CloudWatch's order the order they were printed in.
        return lines.Select((line, i) => new LogEvent(at.AddMilliseconds(i), line)).ToList();
    }

    private static string StreamName(string prefix, string container, string taskArn) => $"{prefix}/{container}/{ServiceTasks.TaskId(taskArn)}";

    private static async Task KeepTasksRunningAsync(Uri emulatorEndpoint, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = EmulatorCallTimeout };
        using var content = new StringContent(StableTaskTransition, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(emulatorEndpoint, "/moto-api/state-manager/set-transition"), content, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ActionableError(
                $"the emulator at {emulatorEndpoint} refused moto's state-manager call (HTTP {(int)response.StatusCode}): is it moto 5.2 (pip install 'moto[server]==5.2.1')?",
                exitCode: 2);
        }
    }
}

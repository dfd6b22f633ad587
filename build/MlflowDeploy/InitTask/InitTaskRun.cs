using MlflowDeploy.Aws;
using MlflowDeploy.Verification;

namespace MlflowDeploy.InitTask;

/// <summary>
/// Runs ONE task of the new task definition with the command override <c>["init"]</c>, in the service's subnets and
/// security group, streams its CloudWatch log lines as they arrive, and waits for it under a deadline. It succeeds
/// only when the init container exits 0; otherwise it fails with one line quoting the task's last error line. On
/// the deadline (or Ctrl-C) the task is stopped, so no migration goes on unobserved.
/// </summary>
public static class InitTaskRun
{
    /// <summary>ECS's startedBy and group of the init task: not the service's, so nothing counts it as a serving task.</summary>
    public const string StartedBy = "mlflow-deploy-init";
    public const string Group = "mlflow-deploy:init";

    public static readonly IReadOnlyList<string> Command = ["init"];

    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopCallTimeout = TimeSpan.FromSeconds(15);
    private const int DrainPolls = 3;

    /// <returns>Every line the task logged, for what the hook records about it (<see cref="SchemaMigrationRecord"/>).</returns>
    public static async Task<IReadOnlyList<string>> RunAsync(
        IInitTaskHost host, AwsClients aws, InitTaskSettings settings, TimeProvider time, Action<string> log, CancellationToken cancellationToken)
    {
        var definition = await aws.Ecs.DescribeTaskDefinitionAsync(settings.TaskDefinition, cancellationToken).ConfigureAwait(false);
        var container = definition.Containers.FirstOrDefault(c => c.Name == settings.Container)
            ?? throw new ActionableError($"task definition {settings.TaskDefinition} has no container '{settings.Container}' — infra/ecs.tf and infra/init.tf disagree", exitCode: 2);
        if (container.LogDriver != "awslogs" || container.LogGroup is null)
        {
            throw new ActionableError($"container '{settings.Container}' in {settings.TaskDefinition} does not log to CloudWatch (awslogs): the init task's lines could not be followed — restore logConfiguration in infra/ecs.tf", exitCode: 2);
        }

        var request = new EcsRunTaskRequest(settings.Cluster, settings.TaskDefinition, settings.Subnets, settings.SecurityGroups, AssignPublicIp: false, StartedBy: StartedBy, Group: Group)
        {
            CommandOverrides = new Dictionary<string, IReadOnlyList<string>> { [settings.Container] = Command },
        };
        var task = await host.StartAsync(request, cancellationToken).ConfigureAwait(false);
        var id = ServiceTasks.TaskId(task.TaskArn);
        var stream = $"{container.LogStreamPrefix ?? settings.Container}/{settings.Container}/{id}";
        log($"started init task {id} ({definition.Family}:{definition.Revision}, command [\"init\"]); following {container.LogGroup} {stream}, deadline {settings.TaskTimeout.TotalMinutes:0.#} min");

        var follower = new Follower(aws.Logs, container.LogGroup, stream, log);
        var deadline = time.GetUtcNow() + settings.TaskTimeout;
        try
        {
            while (true)
            {
                await follower.ReadAsync(cancellationToken).ConfigureAwait(false);
                var state = await host.DescribeAsync(settings.Cluster, task.TaskArn, settings.Container, cancellationToken).ConfigureAwait(false);
                if (state.IsStopped)
                {
                    await follower.DrainAsync(time, cancellationToken).ConfigureAwait(false);
                    Judge(id, state, follower.Lines);
                    log($"init task {id} finished (exit 0)");
                    return follower.Lines;
                }

                if (time.GetUtcNow() >= deadline)
                {
                    await StopQuietlyAsync(host, settings.Cluster, task.TaskArn, $"mlflow-deploy: the init task's deadline of {settings.TaskTimeout.TotalMinutes:0.#} min passed").ConfigureAwait(false);
                    await follower.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                    throw new ActionableError(
                        $"init task {id} did not finish within {settings.TaskTimeout.TotalMinutes:0.#} min and was stopped; last line: {LastErrorLine(follower.Lines) ?? "none"} — "
                        + "the service was not changed; raise init_task_timeout_minutes if the migration is slow, then re-run Apply");
                }

                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopQuietlyAsync(host, settings.Cluster, task.TaskArn, "mlflow-deploy: the deploy was interrupted").ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The last line that looks like an error (see <see cref="LogErrorPatterns"/>), else the last line.</summary>
    public static string? LastErrorLine(IReadOnlyList<string> lines) =>
        lines.LastOrDefault(LogErrorPatterns.IsError) ?? lines.LastOrDefault(l => l.Trim().Length > 0);

    private static void Judge(string id, InitTaskState state, IReadOnlyList<string> lines)
    {
        if (state.ExitCode == 0)
        {
            return;
        }

        var why = LastErrorLine(lines) ?? state.ContainerReason ?? state.StoppedReason ?? "it wrote no log line";
        var code = state.ExitCode is { } exit ? $"exit {exit}" : $"no exit code: {state.ContainerReason ?? state.StoppedReason ?? "stopped"}";
        throw new ActionableError($"init task {id} failed ({code}): {why} — the service was not changed; fix the cause and re-run Apply");
    }

    private static async Task StopQuietlyAsync(IInitTaskHost host, string cluster, string taskArn, string reason)
    {
        using var timeout = new CancellationTokenSource(StopCallTimeout);
        try
        {
            await host.StopAsync(cluster, taskArn, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AwsServiceException or ActionableError or OperationCanceledException)
        {
            // The failure being reported matters more; the task stops on its own when the container exits.
        }
    }

    /// <summary>Follows one awslogs stream: prints new lines as they arrive and keeps them for the failure line.</summary>
    private sealed class Follower(CloudWatchLogsClient logs, string group, string stream, Action<string> log)
    {
        private readonly List<string> _lines = [];
        private string? _token;

        public IReadOnlyList<string> Lines => _lines;

        /// <summary>Reads every page available now; true when any line arrived.</summary>
        public async Task<bool> ReadAsync(CancellationToken cancellationToken)
        {
            var any = false;
            for (var page = 0; page < 20; page++)
            {
                var answer = await logs.GetLogEventsAsync(group, stream, _token, cancellationToken).ConfigureAwait(false);
                foreach (var line in answer.Events.SelectMany(e => e.Message.Split('\n')).Where(l => l.Length > 0))
                {
                    _lines.Add(line);
                    log($"init task | {line}");
                }

                var moved = answer.NextForwardToken != _token;
                _token = answer.NextForwardToken;
                any |= answer.Events.Count > 0;
                if (answer.Events.Count == 0 || !moved)
                {
                    break;
                }
            }

            return any;
        }

        /// <summary>awslogs delivers the last lines a few seconds after the container exits.</summary>
        public async Task DrainAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            for (var poll = 0; poll < DrainPolls; poll++)
            {
                if (!await ReadAsync(cancellationToken).ConfigureAwait(false) && poll > 0)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

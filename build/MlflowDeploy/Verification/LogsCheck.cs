using System.Globalization;
using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>logs</c>: in the container log group, since the PRIMARY deployment was created, every current task's
/// awslogs stream (<c>&lt;prefix&gt;/&lt;container&gt;/&lt;task id&gt;</c>) shows gunicorn's start-up line, and no
/// stream shows an error line (<see cref="LogErrorPatterns"/>). Error lines fail at once and the first
/// <see cref="QuotedErrors"/> are quoted; a task whose start-up line has not arrived yet is pending.
/// </summary>
public sealed class LogsCheck : IVerificationCheck
{
    public const string CheckName = "logs";
    public const int QuotedErrors = 3;

    /// <summary>The window read when ECS gives no deployment time.</summary>
    public static readonly TimeSpan FallbackWindow = TimeSpan.FromHours(1);

    private const int MaxQuoteLength = 300;

    private readonly EcsClient _ecs;
    private readonly CloudWatchLogsClient _logs;
    private readonly DeploymentOutputs _outputs;
    private readonly ServiceTasks _tasks;
    private readonly TaskDefinitionCache _definition;
    private readonly TimeProvider _time;

    public LogsCheck(EcsClient ecs, CloudWatchLogsClient logs, DeploymentOutputs outputs, TaskDefinitionCache? definition = null, TimeProvider? time = null)
    {
        _ecs = ecs;
        _logs = logs;
        _outputs = outputs;
        _tasks = new ServiceTasks(ecs, outputs.ClusterName, outputs.ServiceName);
        _definition = definition ?? new TaskDefinitionCache(ecs, outputs.TaskDefinitionArn);
        _time = time ?? TimeProvider.System;
    }

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset since;
        IReadOnlyList<EcsTask> current;
        EcsContainerDefinition? container;
        LogEventsResult events;
        try
        {
            var service = await _ecs.DescribeServiceAsync(_outputs.ClusterName, _outputs.ServiceName, cancellationToken).ConfigureAwait(false);
            var primary = service?.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
            since = primary?.CreatedAt ?? _time.GetUtcNow() - FallbackWindow;
            var definition = await _definition.GetAsync(cancellationToken).ConfigureAwait(false);
            container = definition.Containers.FirstOrDefault(c => c.Name == _outputs.ContainerName);
            current = (await _tasks.CurrentAsync(cancellationToken).ConfigureAwait(false))
                .Where(t => t.TaskDefinitionArn is null || primary?.TaskDefinition is null || t.TaskDefinitionArn == primary.TaskDefinition)
                .ToList();
            events = await _logs.FilterLogEventsAsync(_outputs.LogGroupName, since, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return Probe.Fail($"log group '{_outputs.LogGroupName}' does not exist: run Apply (the tasks cannot start without it)");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            return Probe.Fail($"ECS cluster '{_outputs.ClusterName}' does not exist in {_outputs.Region}: run Apply");
        }
        catch (AwsServiceException e)
        {
            return AwsCheckFailure.From(e);
        }

        var window = $"since {since.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";
        var errors = events.Events.Where(e => LogErrorPatterns.IsError(e.Message)).OrderBy(e => e.Timestamp).ToList();
        if (errors.Count > 0)
        {
            return Probe.Fail(
                $"{errors.Count} error line(s) in {_outputs.LogGroupName} {window}",
                errors.Take(QuotedErrors).Select(Quote).ToList());
        }

        if (current.Count == 0)
        {
            return Probe.Pending($"no running tasks of the deployment yet, so no start-up lines to look for ({window})");
        }

        var prefix = container?.LogStreamPrefix;
        var started = events.Events.Where(e => LogErrorPatterns.IsStartup(e.Message)).ToList();
        var missing = current
            .Where(t => !started.Any(e => BelongsTo(e, t, prefix)))
            .Select(t => ServiceTasks.TaskId(t.TaskArn))
            .ToList();
        if (missing.Count > 0)
        {
            var truncated = events.Truncated ? " (the search stopped at its page bound)" : "";
            return Probe.Pending($"no \"{LogErrorPatterns.ListeningLine}\" start-up line yet from {missing.Count} of {current.Count} task(s): {string.Join(", ", missing.Take(3))}{truncated}");
        }

        return Probe.Pass($"start-up lines from all {current.Count} task(s), no error lines {window}");
    }

    /// <summary>
    /// The awslogs driver names a task's stream <c>prefix/container/task-id</c>. Without a prefix the stream
    /// name can't be predicted, so any start-up line in the group counts for the task.
    /// </summary>
    private bool BelongsTo(LogEvent e, EcsTask task, string? prefix) =>
        prefix is null
        || string.Equals(e.LogStreamName, $"{prefix}/{_outputs.ContainerName}/{ServiceTasks.TaskId(task.TaskArn)}", StringComparison.Ordinal);

    private static string Quote(LogEvent e)
    {
        var line = e.Message.ReplaceLineEndings(" ").Trim();
        if (line.Length > MaxQuoteLength)
            line = line[..MaxQuoteLength] + "…";
        var at = e.Timestamp.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{at} {e.LogStreamName ?? "?"}: {line}";
    }
}

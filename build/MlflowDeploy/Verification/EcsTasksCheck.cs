using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>ecs.tasks</c>: every task of the service is RUNNING, and HEALTHY when the container has a health check
/// in the applied task definition. Tasks still starting, or not yet as many as desired, are pending. Tasks that
/// stopped abnormally in the last hour (a non-zero exit, failed to start) are given as diagnosis.
/// </summary>
public sealed class EcsTasksCheck : IVerificationCheck
{
    public const string CheckName = "ecs.tasks";

    private readonly DeploymentOutputs _outputs;
    private readonly ServiceTasks _tasks;
    private readonly TaskDefinitionCache _definition;
    private readonly TimeProvider _time;

    public EcsTasksCheck(EcsClient ecs, DeploymentOutputs outputs, TaskDefinitionCache? definition = null, TimeProvider? time = null)
    {
        _outputs = outputs;
        _tasks = new ServiceTasks(ecs, outputs.ClusterName, outputs.ServiceName);
        _definition = definition ?? new TaskDefinitionCache(ecs, outputs.TaskDefinitionArn);
        _time = time ?? TimeProvider.System;
    }

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<EcsTask> current;
        IReadOnlyList<EcsTask> stoppedTasks;
        EcsTaskDefinition definition;
        try
        {
            definition = await _definition.GetAsync(cancellationToken).ConfigureAwait(false);
            current = await _tasks.CurrentAsync(cancellationToken).ConfigureAwait(false);
            stoppedTasks = await _tasks.StoppedSinceAsync(_time.GetUtcNow() - StoppedTaskDiagnosis.Window, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            return Probe.Fail($"ECS cluster '{_outputs.ClusterName}' does not exist in {_outputs.Region}: run Apply");
        }
        catch (AwsServiceException e)
        {
            return AwsCheckFailure.From(e);
        }

        var healthChecked = definition.Containers.Where(c => c.HasHealthCheck).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var stopped = StoppedTaskDiagnosis.Lines(stoppedTasks);
        var abnormal = stoppedTasks.Where(StoppedTaskDiagnosis.IsAbnormal).Take(5).Select(StoppedTaskDiagnosis.Describe).ToList();

        if (current.Count == 0)
        {
            return new Probe(true, CheckStatus.Fail, $"no tasks of service '{_outputs.ServiceName}' yet (desired {_outputs.DesiredCount})", stopped);
        }

        var waiting = new List<string>();
        var ready = 0;
        foreach (var task in current)
        {
            var id = ServiceTasks.TaskId(task.TaskArn);
            if (task.LastStatus != "RUNNING")
            {
                waiting.Add($"task {id} is {task.LastStatus ?? "starting"}");
                continue;
            }

            var health = Health(task, healthChecked);
            if (health is not null && health != "HEALTHY")
            {
                waiting.Add($"task {id} is RUNNING but {health}");
                continue;
            }

            ready++;
        }

        var desired = Math.Max(_outputs.DesiredCount, 1);
        if (waiting.Count > 0 || ready < desired)
        {
            var summary = $"{ready}/{desired} tasks RUNNING{(healthChecked.Count > 0 ? " and HEALTHY" : "")}";
            return new Probe(true, CheckStatus.Fail, waiting.Count == 0 ? summary : $"{summary}; {string.Join("; ", waiting.Take(3))}", stopped);
        }

        var healthNote = healthChecked.Count > 0 ? " and HEALTHY" : " (no container health check)";
        if (abnormal.Count > 0)
        {
            return Probe.Warn($"{ready} task(s) RUNNING{healthNote}, but {abnormal.Count} task(s) stopped abnormally in the last hour", abnormal);
        }

        return Probe.Pass($"{ready} task(s) RUNNING{healthNote}");
    }

    /// <summary>
    /// The task's health when a container in it has a health check, else null. The container's own status is
    /// the precise one; the task's aggregate stands in where the container does not report one.
    /// </summary>
    private static string? Health(EcsTask task, HashSet<string> healthChecked)
    {
        if (healthChecked.Count == 0)
            return null;
        var container = task.Containers.FirstOrDefault(c => healthChecked.Contains(c.Name));
        return container?.HealthStatus ?? task.HealthStatus ?? "UNKNOWN";
    }
}

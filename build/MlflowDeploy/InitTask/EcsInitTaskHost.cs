using MlflowDeploy.Aws;

namespace MlflowDeploy.InitTask;

/// <summary>The init task on ECS itself: RunTask, DescribeTasks, StopTask.</summary>
public sealed class EcsInitTaskHost(EcsClient ecs) : IInitTaskHost
{
    public async Task<EcsTask> StartAsync(EcsRunTaskRequest request, CancellationToken cancellationToken)
    {
        var run = await ecs.RunTaskAsync(request, cancellationToken).ConfigureAwait(false);
        return run.Tasks.FirstOrDefault() ?? throw new ActionableError(
            $"ECS started no init task: {string.Join("; ", run.Failures.Select(f => $"{f.Reason}{(f.Detail is null ? "" : $" ({f.Detail})")}"))} — "
            + "the migration did not run and the service was not changed; fix the cause and re-run Apply");
    }

    public async Task<InitTaskState> DescribeAsync(string cluster, string taskArn, string container, CancellationToken cancellationToken)
    {
        var described = await ecs.DescribeTasksAsync(cluster, [taskArn], cancellationToken).ConfigureAwait(false);
        var task = described.Tasks.FirstOrDefault(t => t.TaskArn == taskArn);
        if (task is null)
        {
            return new InitTaskState(null, null, null, null);
        }

        var init = task.Containers.FirstOrDefault(c => c.Name == container);
        return new InitTaskState(task.LastStatus, init?.ExitCode, task.StoppedReason, init?.Reason);
    }

    public Task StopAsync(string cluster, string taskArn, string reason, CancellationToken cancellationToken) =>
        ecs.StopTaskAsync(cluster, taskArn, reason, cancellationToken);
}

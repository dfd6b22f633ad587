using MlflowDeploy.Aws;

namespace MlflowDeploy.InitTask;

/// <summary>
/// Where the one-shot init task runs: ECS on Fargate (<see cref="EcsInitTaskHost"/>), or the local emulator's
/// stand-in (<see cref="Local.SimulatedInitTaskHost"/>), which makes the same RunTask call and simulates the rest.
/// </summary>
public interface IInitTaskHost
{
    /// <summary>Starts one task; the answer is ECS's task record.</summary>
    Task<EcsTask> StartAsync(EcsRunTaskRequest request, CancellationToken cancellationToken);

    /// <summary>The task's state now, with the init container's exit code once it stopped.</summary>
    Task<InitTaskState> DescribeAsync(string cluster, string taskArn, string container, CancellationToken cancellationToken);

    Task StopAsync(string cluster, string taskArn, string reason, CancellationToken cancellationToken);
}

/// <summary>One look at the init task: ECS's <c>lastStatus</c>, and once STOPPED the container's exit code and ECS's reason.</summary>
public sealed record InitTaskState(string? LastStatus, int? ExitCode, string? StoppedReason, string? ContainerReason)
{
    public bool IsStopped => LastStatus == "STOPPED";
}

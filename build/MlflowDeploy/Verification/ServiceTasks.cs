using MlflowDeploy.Aws;

namespace MlflowDeploy.Verification;

/// <summary>
/// The tasks ECS runs for one service. Real ECS filters ListTasks by service name; the emulator ignores that
/// filter, so tasks are also kept only when their <c>group</c> is <c>service:&lt;name&gt;</c>, which ECS sets on
/// every task a service starts (and the local Fargate stand-in sets the same way).
/// </summary>
public sealed class ServiceTasks(EcsClient ecs, string cluster, string service)
{
    public string Group => GroupOf(service);

    public static string GroupOf(string service) => $"service:{service}";

    /// <summary>Tasks ECS wants running (<c>desiredStatus</c> RUNNING), whatever their last status.</summary>
    public async Task<IReadOnlyList<EcsTask>> CurrentAsync(CancellationToken cancellationToken) =>
        await DescribeAsync("RUNNING", cancellationToken).ConfigureAwait(false);

    /// <summary>Tasks of the service that stopped at or after <paramref name="since"/>, newest first.</summary>
    public async Task<IReadOnlyList<EcsTask>> StoppedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var stopped = await DescribeAsync("STOPPED", cancellationToken).ConfigureAwait(false);
        return stopped.Where(t => t.StoppedAt is null || t.StoppedAt >= since).OrderByDescending(t => t.StoppedAt).ToList();
    }

    private async Task<IReadOnlyList<EcsTask>> DescribeAsync(string desiredStatus, CancellationToken cancellationToken)
    {
        var arns = await ecs.ListTaskArnsAsync(cluster, service, desiredStatus, cancellationToken).ConfigureAwait(false);
        if (arns.Count == 0)
            return [];
        var described = await ecs.DescribeTasksAsync(cluster, arns, cancellationToken).ConfigureAwait(false);
        return described.Tasks
            .Where(t => t.Group is null || t.Group == Group)
            .Where(t => t.DesiredStatus is null || t.DesiredStatus == desiredStatus)
            .ToList();
    }

    /// <summary>The id ECS puts at the end of a task ARN (and of its awslogs stream name).</summary>
    public static string TaskId(string taskArn) => taskArn[(taskArn.LastIndexOf('/') + 1)..];
}

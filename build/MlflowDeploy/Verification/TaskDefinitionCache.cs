using MlflowDeploy.Aws;

namespace MlflowDeploy.Verification;

/// <summary>
/// The applied task definition, read once: a revision never changes, and several checks need it (the container
/// health check, the awslogs stream prefix). A failed read is not cached, so the next probe asks again.
/// </summary>
public sealed class TaskDefinitionCache(EcsClient ecs, string taskDefinitionArn)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EcsTaskDefinition? _definition;

    public async Task<EcsTaskDefinition> GetAsync(CancellationToken cancellationToken)
    {
        if (_definition is { } known)
            return known;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _definition ??= await ecs.DescribeTaskDefinitionAsync(taskDefinitionArn, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}

namespace MlflowDeploy.Verification;

/// <summary>
/// What <c>ecs.service</c> concluded once its answer is final: bad (rollout FAILED, a rollback, the service or
/// cluster gone), or complete. Checks that wait on the tasks (targets, logs, MLflow) read it so they stop waiting
/// for something that will not come, and the report arrives in seconds instead of at the deadline.
/// </summary>
public sealed class RolloutVerdict
{
    private volatile string? _failure;
    private volatile string? _completed;

    /// <summary>Why the rollout will not complete, or null while there is no final failure.</summary>
    public string? Failure => _failure;

    /// <summary>
    /// Set once <c>ecs.service</c> found the rollout final and good: COMPLETED, every task on the applied task
    /// definition, no older deployment left. What MLflow answers then is what the deployment serves.
    /// </summary>
    public string? Completed => _completed;

    public void Fail(string reason) => _failure ??= reason;

    public void Complete(string description) => _completed ??= description;
}

namespace MlflowDeploy.Verification;

/// <summary>
/// What <c>ecs.service</c> concluded once its answer is final and bad (rollout FAILED, a rollback, the service
/// or cluster gone). Checks that wait on the tasks (targets, logs, MLflow) read it so they stop waiting for
/// something that will not come, and the report arrives in seconds instead of at the deadline.
/// </summary>
public sealed class RolloutVerdict
{
    private volatile string? _failure;

    /// <summary>Why the rollout will not complete, or null while there is no final failure.</summary>
    public string? Failure => _failure;

    public void Fail(string reason) => _failure ??= reason;
}

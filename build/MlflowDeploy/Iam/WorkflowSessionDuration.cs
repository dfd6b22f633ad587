namespace MlflowDeploy.Iam;

/// <summary>
/// How long the workflows ask each role's session to last (the aws-role action's <c>role-duration-seconds</c>; a policy
/// test holds the workflows to these values). The deploy session must outlive the longest apply: init, the 45-minute
/// apply deadline, terraform's interrupt grace and the plan after apply. infra/bootstrap's <c>max_session_hours</c>
/// must allow it, and the least-privilege rehearsal asks for exactly these durations, so a bootstrap that does not
/// allow them fails the rehearsal.
/// </summary>
public static class WorkflowSessionDuration
{
    public static readonly TimeSpan Plan = TimeSpan.FromHours(1);
    public static readonly TimeSpan Deploy = TimeSpan.FromHours(2);

    public static TimeSpan For(PipelineRole role) => role == PipelineRole.Deploy ? Deploy : Plan;
}

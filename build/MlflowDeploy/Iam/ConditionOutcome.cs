namespace MlflowDeploy.Iam;

public enum ConditionState
{
    Holds,
    Fails,
    Undetermined,
}

/// <summary>Whether a condition holds for a call; <see cref="Reason"/> names the key or operator when it cannot be decided.</summary>
public readonly record struct ConditionOutcome(ConditionState State, string? Reason = null)
{
    public static readonly ConditionOutcome Holds = new(ConditionState.Holds);
    public static readonly ConditionOutcome Fails = new(ConditionState.Fails);

    public static ConditionOutcome Of(bool holds) => holds ? Holds : Fails;

    public static ConditionOutcome Undetermined(string reason) => new(ConditionState.Undetermined, reason);
}

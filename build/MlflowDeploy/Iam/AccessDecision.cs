namespace MlflowDeploy.Iam;

public enum AccessVerdict
{
    Allowed,

    /// <summary>An Allow statement covers the action, but the resource was not known (<see cref="ResourceScope.Unknown"/>).</summary>
    AllowedAtActionLevel,

    ExplicitDeny,
    ImplicitDeny,
    BoundaryDeny,

    /// <summary>A condition the call record cannot decide (a key it does not derive, an operator not evaluated).</summary>
    Undetermined,
}

/// <summary>How AWS would decide one recorded call; for a denial, <see cref="Resource"/> is the resource it fails on.</summary>
public sealed record AccessDecision(AccessVerdict Verdict, string Resource, string Reason)
{
    public bool IsDenied => Verdict is AccessVerdict.ExplicitDeny or AccessVerdict.ImplicitDeny or AccessVerdict.BoundaryDeny;
}

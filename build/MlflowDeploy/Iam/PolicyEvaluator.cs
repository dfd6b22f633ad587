namespace MlflowDeploy.Iam;

/// <summary>
/// Decides a recorded call as AWS's policy evaluation does for a principal in its own account: an explicit Deny in
/// any identity policy or the permissions boundary wins; otherwise an identity policy must Allow the action on the
/// resource with its conditions holding, and so must the boundary when the role has one. A call with several
/// resources (RDS CreateDBInstance: the instance, its option, parameter and subnet groups) needs each one allowed.
/// </summary>
public static class PolicyEvaluator
{
    public static AccessDecision Evaluate(RolePolicies policies, RecordedCall call)
    {
        // AWS answers GetCallerIdentity whatever the policies say, even under an explicit Deny.
        if (string.Equals(call.Action, "sts:GetCallerIdentity", StringComparison.OrdinalIgnoreCase))
        {
            return new AccessDecision(AccessVerdict.Allowed, "*", "sts:GetCallerIdentity needs no permission");
        }

        var context = call.RequestContext;
        AccessDecision? undetermined = null;
        AccessDecision? actionLevel = null;
        AccessDecision? allowed = null;
        foreach (var resource in call.Resources)
        {
            var decision = EvaluateOne(policies, call, resource, context);
            if (decision.IsDenied)
            {
                return decision;
            }

            if (decision.Verdict == AccessVerdict.Undetermined)
            {
                undetermined ??= decision;
            }
            else if (decision.Verdict == AccessVerdict.AllowedAtActionLevel)
            {
                actionLevel ??= decision;
            }
            else
            {
                allowed ??= decision;
            }
        }

        return undetermined ?? actionLevel ?? allowed ?? new AccessDecision(AccessVerdict.ImplicitDeny, "*", "the call names no resource");
    }

    private static AccessDecision EvaluateOne(RolePolicies policies, RecordedCall call, string resource, RequestContext context)
    {
        var actionLevel = call.Scope == ResourceScope.Unknown;
        var identity = Decide(policies.IdentityPolicies, call.Action, resource, context, actionLevel);
        var boundary = policies.PermissionsBoundary is { } b ? Decide([b], call.Action, resource, context, actionLevel) : null;

        if (identity.DeniedBy is { } deny)
        {
            return new AccessDecision(AccessVerdict.ExplicitDeny, resource, $"explicitly denied by {deny}");
        }

        if (boundary?.DeniedBy is { } boundaryDeny)
        {
            return new AccessDecision(AccessVerdict.BoundaryDeny, resource, $"explicitly denied by the permissions boundary ({boundaryDeny})");
        }

        if ((identity.UndecidedDeny ?? boundary?.UndecidedDeny) is { } undecidedDeny)
        {
            return new AccessDecision(AccessVerdict.Undetermined, resource, $"a Deny may apply: {undecidedDeny}");
        }

        if (identity.AllowedBy is null)
        {
            return identity.UndecidedAllow is { } maybe
                ? new AccessDecision(AccessVerdict.Undetermined, resource, $"an Allow may apply: {maybe}")
                : new AccessDecision(AccessVerdict.ImplicitDeny, resource, "no identity-based policy allows it");
        }

        if (boundary is not null && boundary.AllowedBy is null)
        {
            return boundary.UndecidedAllow is { } maybe
                ? new AccessDecision(AccessVerdict.Undetermined, resource, $"the permissions boundary may allow it: {maybe}")
                : new AccessDecision(AccessVerdict.BoundaryDeny, resource, "the permissions boundary does not allow it");
        }

        return actionLevel
            ? new AccessDecision(AccessVerdict.AllowedAtActionLevel, resource, $"allowed by {identity.AllowedBy} (resource not derived: action level only)")
            : new AccessDecision(AccessVerdict.Allowed, resource, $"allowed by {identity.AllowedBy}");
    }

    private sealed record Matches(string? DeniedBy, string? AllowedBy, string? UndecidedDeny, string? UndecidedAllow);

    private static Matches Decide(IEnumerable<PolicyDocument> documents, string action, string resource, RequestContext context, bool actionLevel)
    {
        string? deniedBy = null, allowedBy = null, undecidedDeny = null, undecidedAllow = null;
        foreach (var document in documents)
        {
            foreach (var statement in document.Statements.Where(s => s.MatchesAction(action)))
            {
                // Without the resource, an Allow counts whatever it is scoped to; a Deny only when it covers everything.
                var resourceMatches = actionLevel
                    ? statement.Effect == PolicyEffect.Allow || statement.CoversEveryResource
                    : statement.MatchesResource(resource);
                if (!resourceMatches)
                {
                    continue;
                }

                var conditions = statement.ConditionsFor(context);
                var label = $"{document.Name} / {statement.Label}";
                switch (statement.Effect, conditions.State)
                {
                    case (PolicyEffect.Deny, ConditionState.Holds):
                        deniedBy ??= label;
                        break;
                    case (PolicyEffect.Deny, ConditionState.Undetermined):
                        undecidedDeny ??= $"{label} ({conditions.Reason})";
                        break;
                    case (PolicyEffect.Allow, ConditionState.Holds):
                        allowedBy ??= label;
                        break;
                    case (PolicyEffect.Allow, ConditionState.Undetermined):
                        undecidedAllow ??= $"{label} ({conditions.Reason})";
                        break;
                }
            }
        }

        return new Matches(deniedBy, allowedBy, undecidedDeny, undecidedAllow);
    }
}

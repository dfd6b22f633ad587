namespace MlflowDeploy.Iam;

/// <summary>
/// One statement of an identity policy or permissions boundary. <see cref="ActionsNegated"/> and
/// <see cref="ResourcesNegated"/> mark <c>NotAction</c> and <c>NotResource</c>.
/// </summary>
public sealed record PolicyStatement(
    string? Sid,
    PolicyEffect Effect,
    IReadOnlyList<string> Actions,
    bool ActionsNegated,
    IReadOnlyList<string> Resources,
    bool ResourcesNegated,
    IReadOnlyList<PolicyCondition> Conditions)
{
    public bool MatchesAction(string action)
    {
        var listed = Actions.Any(pattern => IamWildcard.Matches(pattern, action, ignoreCase: true));
        return ActionsNegated ? !listed : listed;
    }

    public bool MatchesResource(string resource)
    {
        var listed = Resources.Any(pattern => IamWildcard.Matches(pattern, resource));
        return ResourcesNegated ? !listed : listed;
    }

    /// <summary>True when the statement covers every resource: <c>"Resource": "*"</c>.</summary>
    public bool CoversEveryResource => !ResourcesNegated && Resources.Contains("*");

    public ConditionOutcome ConditionsFor(RequestContext context)
    {
        ConditionOutcome? undetermined = null;
        foreach (var condition in Conditions)
        {
            var outcome = condition.Evaluate(context);
            if (outcome.State == ConditionState.Fails)
            {
                return outcome;
            }

            if (outcome.State == ConditionState.Undetermined)
            {
                undetermined ??= outcome;
            }
        }

        return undetermined ?? ConditionOutcome.Holds;
    }

    public string Label => Sid is { Length: > 0 } ? Sid : $"{Effect} {string.Join(',', Actions)}";
}

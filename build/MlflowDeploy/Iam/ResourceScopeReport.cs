namespace MlflowDeploy.Iam;

/// <summary>
/// The recorded calls of the given roles, each decided by <see cref="PolicyEvaluator"/>: the calls AWS would deny
/// (one line each, action and resource named), those a condition leaves undecided, and how many were proven at
/// resource level, at action level only, or not at all. Calls of other principals (the administrator that applies
/// the bootstrap, web-identity exchanges) are not evaluated.
/// </summary>
public sealed class ResourceScopeReport
{
    private ResourceScopeReport(IReadOnlyList<Finding> findings, IReadOnlyDictionary<AccessVerdict, int> counts)
    {
        Findings = findings;
        Counts = counts;
    }

    public sealed record Finding(RecordedCall Call, AccessDecision Decision)
    {
        public string Line =>
            $"{Call.Principal} would be {(Decision.IsDenied ? "denied" : "possibly denied")} {Call.Action} on {Decision.Resource}"
            + (Call.ImpliedBy is { } by ? $" (checked for {by})" : "") + $": {Decision.Reason}";
    }

    /// <summary>Denied and undecided calls, each distinct (principal, action, resource, reason) once.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public IReadOnlyDictionary<AccessVerdict, int> Counts { get; }

    public IEnumerable<Finding> Denied => Findings.Where(f => f.Decision.IsDenied);

    public bool AllAllowed => Findings.Count == 0;

    public static ResourceScopeReport Check(IEnumerable<RecordedCall> calls, IEnumerable<RolePolicies> roles)
    {
        var byRole = roles.ToDictionary(r => r.RoleArn, StringComparer.Ordinal);
        var counts = Enum.GetValues<AccessVerdict>().ToDictionary(v => v, _ => 0);
        var findings = new List<Finding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (!byRole.TryGetValue(call.Principal, out var policies))
            {
                continue;
            }

            var decision = PolicyEvaluator.Evaluate(policies, call);
            counts[decision.Verdict]++;
            if (decision.Verdict is AccessVerdict.Allowed or AccessVerdict.AllowedAtActionLevel)
            {
                continue;
            }

            if (seen.Add($"{call.Principal}|{call.Action}|{decision.Resource}|{decision.Reason}"))
            {
                findings.Add(new Finding(call, decision));
            }
        }

        return new ResourceScopeReport(findings, counts);
    }

    public string Summary =>
        $"{Counts[AccessVerdict.Allowed]} calls allowed at resource level, {Counts[AccessVerdict.AllowedAtActionLevel]} at action level only "
        + $"(resource not derived), {Counts[AccessVerdict.ExplicitDeny] + Counts[AccessVerdict.ImplicitDeny] + Counts[AccessVerdict.BoundaryDeny]} denied, "
        + $"{Counts[AccessVerdict.Undetermined]} undecided";
}

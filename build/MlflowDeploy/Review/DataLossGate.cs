namespace MlflowDeploy.Review;

/// <summary>
/// The data-loss rule: a plan that destroys or replaces a managed resource of a stateful type
/// (<see cref="StatefulResourceTypes"/>) loses data terraform cannot recreate, and Apply refuses it unless the
/// operator accepted the loss.
/// </summary>
public static class DataLossGate
{
    /// <summary>The resources whose change loses data, in plan order. Data sources hold nothing to lose.</summary>
    public static IReadOnlyList<DataLossRisk> RisksIn(IEnumerable<PlannedResource> resources) =>
        resources
            .Where(r => r.Action is PlanAction.Delete or PlanAction.Replace && StatefulResourceTypes.Contains(r.Type) && !r.IsDataSource)
            .Select(r => new DataLossRisk(r.Address, r.Type, r.Action, r.ReplaceAttributes))
            .ToList();

    /// <summary>
    /// Throws when the plan loses data and <paramref name="allowDataLoss"/> is false. Returns the accepted
    /// risks (empty when there are none), so the caller can log what was let through.
    /// </summary>
    public static IReadOnlyList<DataLossRisk> Enforce(PlanSummary summary, bool allowDataLoss)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var risks = summary.DataLoss;
        if (risks.Count > 0 && !allowDataLoss)
        {
            throw new ActionableError(
                $"plan destroys or replaces stateful resources: {Describe(risks)} — review and re-run Apply with --allow-data-loss to accept the loss");
        }
        return risks;
    }

    public static string Describe(IEnumerable<DataLossRisk> risks) => string.Join(", ", risks.Select(r => r.Describe()));
}

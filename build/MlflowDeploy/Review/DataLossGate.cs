namespace MlflowDeploy.Review;

/// <summary>Stops an apply that would destroy or replace stateful resources unless the operator accepted it.</summary>
public static class DataLossGate
{
    /// <summary>
    /// Throws when the plan loses data and <paramref name="allowDataLoss"/> is false. Returns the accepted
    /// risks (empty when there are none), so the caller can log what was let through.
    /// </summary>
    public static IReadOnlyList<DataLossRisk> Enforce(PlanSummary summary, bool allowDataLoss)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.HasDataLoss && !allowDataLoss)
        {
            throw new ActionableError(
                $"plan destroys or replaces stateful resources: {Describe(summary.DataLoss)} — review and re-run Apply with --allow-data-loss to accept the loss");
        }
        return summary.DataLoss;
    }

    public static string Describe(IEnumerable<DataLossRisk> risks) => string.Join(", ", risks.Select(r => r.Describe()));
}

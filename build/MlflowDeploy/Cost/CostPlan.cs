namespace MlflowDeploy.Cost;

/// <summary>What the estimate reads from a plan: its region, its resources before and after, and the links between them.</summary>
public sealed record CostPlan(string? Region, IReadOnlyList<PricedChange> Changes, ConfigurationReferences References)
{
    public StackState Before => new(Changes.Where(c => c.Before is not null).Select(c => c.Before!).ToList(), References);

    public StackState After => new(Changes.Where(c => c.After is not null).Select(c => c.After!).ToList(), References);
}

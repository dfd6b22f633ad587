using MlflowDeploy.Environments;

namespace MlflowDeploy.Cost;

/// <summary>
/// The cost of a plan, offline: reads the plan JSON's priced attributes, prices the stack before and after it
/// with the repository's price table and usage assumptions, and returns the estimate for the plan summary.
/// </summary>
public static class CostEstimator
{
    /// <summary>
    /// Estimates <paramref name="planJsonPath"/> (raw <c>terraform show -json</c> output; the estimate reads it
    /// but keeps no attribute it doesn't price) for <paramref name="environment"/>, with
    /// <c>infra/pricing/aws-prices.json</c>, <c>infra/pricing/usage-defaults.json</c> and
    /// <c>infra/environments/&lt;environment&gt;.usage.json</c> (when present) of <paramref name="repositoryRoot"/>.
    /// A region missing from the table gives an estimate whose <see cref="CostEstimate.Unavailable"/> says so;
    /// malformed pricing files are an <see cref="ActionableError"/>.
    /// </summary>
    public static async Task<CostEstimate> EstimateAsync(string planJsonPath, string environment, string repositoryRoot, CancellationToken ct)
    {
        var prices = PriceTable.Load(Path.Combine(repositoryRoot, PriceTable.RelativePath), PriceTable.RelativePath);
        var usage = UsageAssumptions.Load(repositoryRoot, environment);
        var plan = await CostPlanReader.ReadAsync(planJsonPath, ct).ConfigureAwait(false);
        return Estimate(plan, environment, prices, usage);
    }

    public static CostEstimate Estimate(CostPlan plan, string environment, PriceTable prices, UsageAssumptions usage)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(usage);
        var estimate = new CostEstimate
        {
            Environment = environment,
            Region = plan.Region,
            PriceTablePath = prices.ShownPath,
            PricesTaken = prices.Taken,
            PriceSource = prices.Source,
            PricesVerifiedOnline = prices.VerifiedOnline,
            Note = IsEmulated(environment) ? $"{environment} runs against the AWS emulator; the figures are what this stack would cost in AWS" : null,
        };
        if (plan.Region is null)
        {
            return estimate with { Unavailable = "the plan has no region variable, so no prices apply — the stack must declare variable \"region\"" };
        }
        if (prices.ForRegion(plan.Region) is not { } regional)
        {
            return estimate with
            {
                Unavailable = $"no prices for region {plan.Region} in {prices.ShownPath} (it has {string.Join(", ", prices.Regions)}) — add the region's on-demand prices there to estimate the cost",
            };
        }
        return estimate with
        {
            Before = StackCost.Of(plan.Before, regional, usage, prices.ShownPath),
            After = StackCost.Of(plan.After, regional, usage, prices.ShownPath),
            Assumptions = usage.Used,
        };
    }

    private static bool IsEmulated(string environment) =>
        environment == DeployEnvironment.EmulatedName || environment.StartsWith(DeployEnvironment.EmulatedName + "-", StringComparison.Ordinal);
}

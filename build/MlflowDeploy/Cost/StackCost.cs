namespace MlflowDeploy.Cost;

/// <summary>The priced line items and the unpriced items of one side of a plan.</summary>
public sealed record StackCost(IReadOnlyList<CostLine> Lines, IReadOnlyList<UnpricedItem> Unpriced)
{
    public static StackCost Empty { get; } = new([], []);

    /// <summary>The sum of the line items, each rounded to cents first, so that a shown table adds up.</summary>
    public decimal Monthly => Lines.Sum(l => CostEstimate.Cents(l.Monthly));

    /// <summary>Prices every resource of <paramref name="stack"/> by its type.</summary>
    public static StackCost Of(StackState stack, RegionPrices prices, UsageAssumptions usage, string priceTablePath)
    {
        var context = new PricingContext(prices, usage, stack, priceTablePath);
        foreach (var resource in stack.Resources)
        {
            if (ResourcePricingCatalog.For(resource.Type) is { } pricing)
            {
                pricing.Price(resource, context);
            }
            else if (!NoChargeResourceTypes.Contains(resource.Type))
            {
                context.NotPriced(resource, $"no price model for {resource.Type}");
            }
        }
        return new StackCost(context.Lines.ToList(), context.Unpriced.ToList());
    }
}

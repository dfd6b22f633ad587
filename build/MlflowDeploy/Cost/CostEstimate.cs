namespace MlflowDeploy.Cost;

/// <summary>
/// A plan's estimated monthly cost: the stack before and after it, line items, what is not priced, the usage
/// assumed and which price table was used. When the region has no prices, only <see cref="Unavailable"/> is
/// set: one line saying why. It holds figures, addresses and priced attributes (sizes, classes), never values
/// of any other attribute.
/// </summary>
public sealed record CostEstimate
{
    public required string Environment { get; init; }

    public string? Region { get; init; }

    /// <summary>Why there is no estimate (e.g. the region is missing from the table); null when there is one.</summary>
    public string? Unavailable { get; init; }

    public StackCost Before { get; init; } = StackCost.Empty;

    public StackCost After { get; init; } = StackCost.Empty;

    public IReadOnlyList<AssumedUsage> Assumptions { get; init; } = [];

    public required string PriceTablePath { get; init; }

    public string? PricesTaken { get; init; }

    public string? PriceSource { get; init; }

    public bool PricesVerifiedOnline { get; init; }

    /// <summary>A sentence to show with the figures (e.g. that a local environment runs on an emulator).</summary>
    public string? Note { get; init; }

    public bool IsAvailable => Unavailable is null;

    public decimal MonthlyBefore => Before.Monthly;

    public decimal MonthlyAfter => After.Monthly;

    public decimal MonthlyChange => MonthlyAfter - MonthlyBefore;

    /// <summary>Items not priced after the plan (or before it, for what the plan removes), without repeats.</summary>
    public IReadOnlyList<UnpricedItem> Unpriced =>
        After.Unpriced.Concat(Before.Unpriced.Where(b => !After.Unpriced.Any(a => a.Address == b.Address)))
            .DistinctBy(u => (u.Address, u.Reason))
            .ToList();

    /// <summary>Line items paired across the plan, grouped by category in display order, then by address.</summary>
    public IReadOnlyList<CostRow> Rows()
    {
        var before = Before.Lines.ToDictionary(Key);
        var after = After.Lines.ToDictionary(Key);
        return after.Keys.Concat(before.Keys.Where(k => !after.ContainsKey(k)))
            .Select(k =>
            {
                var shown = after.TryGetValue(k, out var a) ? a : before[k];
                return new CostRow(
                    shown.Category, shown.Address, shown.Type, shown.Kind, shown.Label, shown.Detail,
                    before.TryGetValue(k, out var b) ? Cents(b.Monthly) : 0,
                    a is null ? 0 : Cents(a.Monthly));
            })
            .OrderBy(r => CostCategory.DisplayOrder(r.Category))
            .ThenBy(r => r.Category, StringComparer.Ordinal)
            .ThenBy(r => r.Address, StringComparer.Ordinal)
            .ToList();
    }

    public static decimal Cents(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    private static (string, string) Key(CostLine line) => (line.Address, line.Kind);
}

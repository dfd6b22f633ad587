using System.Globalization;

namespace MlflowDeploy.Cost;

/// <summary>What a <see cref="IResourcePricing"/> prices against (region prices, usage, the rest of the stack) and what it writes to.</summary>
public sealed class PricingContext
{
    /// <summary>AWS's own convention for turning hourly prices into monthly ones.</summary>
    public const decimal HoursPerMonth = 730m;

    private readonly RegionPrices _prices;
    private readonly UsageAssumptions _usage;
    private readonly List<CostLine> _lines = [];
    private readonly List<UnpricedItem> _unpriced = [];

    public PricingContext(RegionPrices prices, UsageAssumptions usage, StackState stack, string priceTablePath)
    {
        _prices = prices;
        _usage = usage;
        Stack = stack;
        PriceTablePath = priceTablePath;
    }

    public StackState Stack { get; }

    public string PriceTablePath { get; }

    public string Region => _prices.Region;

    public IReadOnlyList<CostLine> Lines => _lines;

    public IReadOnlyList<UnpricedItem> Unpriced => _unpriced;

    /// <summary>The price at <paramref name="path"/>; when the table lacks it, the resource is listed as not priced, naming the key to add.</summary>
    public decimal? Price(ResourceState resource, string what, params string[] path)
    {
        if (_prices.Find(path) is { } price)
        {
            return price;
        }
        NotPriced(resource, $"{what}: no price at {string.Join(".", path)} for {Region} in {PriceTablePath} — add it there");
        return null;
    }

    public decimal Usage(ResourceState resource, string key) => _usage.Get(resource, key);

    public void Add(ResourceState resource, string category, string kind, string label, string detail, decimal monthly) =>
        _lines.Add(new CostLine(category, resource.Address, resource.Type, kind, label, detail, monthly));

    public void NotPriced(ResourceState resource, string reason) =>
        _unpriced.Add(new UnpricedItem(resource.Address, resource.Type, reason));

    /// <summary>A quantity as a reader writes it: 0.5, 730, 1,000,000.</summary>
    public static string Number(decimal value) => value.ToString(value == decimal.Truncate(value) ? "#,0" : "#,0.####", CultureInfo.InvariantCulture);

    /// <summary>A unit price: "$0.04656".</summary>
    public static string Rate(decimal value) => "$" + value.ToString("0.00####", CultureInfo.InvariantCulture);
}

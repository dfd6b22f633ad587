using System.Text;

namespace MlflowDeploy.Cost;

/// <summary>The cost block of the Plan task's console summary: the headline, then every line item, what isn't priced and what was assumed.</summary>
public static class CostConsoleText
{
    public static string Render(CostEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        if (!estimate.IsAvailable)
        {
            return $"Estimated cost: not estimated — {estimate.Unavailable}\n";
        }
        var text = new StringBuilder();
        text.Append($"Estimated cost: {MoneyText.Headline(estimate)} · {estimate.Region}, on-demand prices of {estimate.PricesTaken} ({estimate.PriceTablePath})\n");
        if (estimate.Note is not null)
        {
            text.Append($"  ({estimate.Note})\n");
        }
        var rows = estimate.Rows();
        var width = rows.Count == 0 ? 0 : rows.Max(r => Item(r).Length);
        foreach (var row in rows)
        {
            var figures = row.Change == 0
                ? $"{MoneyText.Dollars(row.After),10}"
                : $"{MoneyText.Dollars(row.Before),10} → {MoneyText.Dollars(row.After)} ({MoneyText.Signed(row.Change)})";
            text.Append($"  {Item(row).PadRight(width)}  {figures}\n");
        }
        foreach (var item in estimate.Unpriced)
        {
            text.Append($"  not priced: {item.Address} — {item.Reason}\n");
        }
        if (estimate.Assumptions.Count > 0)
        {
            text.Append("  usage assumed: ")
                .Append(string.Join("; ", estimate.Assumptions.Select(a => $"{a.Scope}.{a.Key} = {PricingContext.Number(a.Value)}")))
                .Append($" (from {string.Join(", ", estimate.Assumptions.Select(a => a.Source).Distinct())})\n");
        }
        return text.ToString();
    }

    private static string Item(CostRow row) => $"{row.Label} · {row.Address}";
}

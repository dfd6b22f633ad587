using System.Text;

namespace MlflowDeploy.Cost;

/// <summary>
/// The cost in a plan's Markdown: one line near the top that reads in five seconds, and the line items folded
/// below it (what was priced and how, what wasn't, the usage assumed and where the prices come from).
/// </summary>
public static class CostMarkdown
{
    /// <summary>One line, e.g. "**Estimated cost: $179.43 → $220.88 per month (+$41.45/month)** · eu-west-2 on-demand · 1 item not priced".</summary>
    public static string Headline(CostEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        if (!estimate.IsAvailable)
        {
            return $"**Estimated cost:** not estimated — {estimate.Unavailable}\n";
        }
        var unpriced = estimate.Unpriced.Count;
        var tail = unpriced == 0 ? "" : $" · {unpriced} item{(unpriced == 1 ? "" : "s")} not priced";
        return $"**Estimated cost: {MoneyText.Headline(estimate)}** · {estimate.Region} on-demand{tail}\n";
    }

    /// <summary>The folded breakdown; empty when there is no estimate.</summary>
    public static string Details(CostEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        if (!estimate.IsAvailable)
        {
            return "";
        }
        var text = new StringBuilder("<details><summary>Estimated monthly cost, line items</summary>\n\n");
        if (estimate.Note is not null)
        {
            text.Append($"_{estimate.Note}._\n\n");
        }
        text.Append("| Item | Resource | Quantity | Before | After | Change |\n|---|---|---|---:|---:|---:|\n");
        foreach (var row in estimate.Rows())
        {
            text.Append($"| {Cell(row.Label)} | `{Cell(row.Address)}` | {Cell(row.Detail)} | {MoneyText.Dollars(row.Before)} | {MoneyText.Dollars(row.After)} | {Change(row.Change)} |\n");
        }
        text.Append($"| **Total** | | | **{MoneyText.Dollars(estimate.MonthlyBefore)}** | **{MoneyText.Dollars(estimate.MonthlyAfter)}** | **{Change(estimate.MonthlyChange)}** |\n\n");
        if (estimate.Unpriced.Count > 0)
        {
            text.Append("**Not priced:**\n");
            foreach (var item in estimate.Unpriced)
            {
                text.Append($"- `{Cell(item.Address)}` — {Cell(item.Reason)}\n");
            }
            text.Append('\n');
        }
        if (estimate.Assumptions.Count > 0)
        {
            text.Append("**Usage assumed** (change it in `infra/environments/")
                .Append(estimate.Environment)
                .Append(".usage.json`):\n");
            foreach (var assumption in estimate.Assumptions)
            {
                text.Append($"- `{Cell(assumption.Scope)}` {Cell(assumption.Key)} = {PricingContext.Number(assumption.Value)} ({Cell(assumption.Source)})\n");
            }
            text.Append('\n');
        }
        text.Append($"Prices: `{estimate.PriceTablePath}`, on-demand list prices taken {estimate.PricesTaken}")
            .Append(estimate.PricesVerifiedOnline ? "" : " (written offline, not yet compared with the live pages)")
            .Append("; 730 h a month, no free tier, taxes excluded.\n\n</details>\n\n");
        return text.ToString();
    }

    private static string Change(decimal change) => change == 0 ? "—" : MoneyText.Signed(change);

    /// <summary>Table cells can't hold pipes or line breaks.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

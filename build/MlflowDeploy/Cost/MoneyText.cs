using System.Globalization;

namespace MlflowDeploy.Cost;

/// <summary>US dollar amounts as the summaries print them.</summary>
public static class MoneyText
{
    /// <summary>"$1,234.56".</summary>
    public static string Dollars(decimal value) =>
        (value < 0 ? "-$" : "$") + Math.Abs(CostEstimate.Cents(value)).ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>"+$41.45", "-$12.00", "$0.00".</summary>
    public static string Signed(decimal change) =>
        change > 0 ? "+" + Dollars(change) : Dollars(change);

    /// <summary>The headline: "$179.43 → $220.88 per month (+$41.45/month)", or "$179.43 per month (no change)".</summary>
    public static string Headline(CostEstimate estimate) =>
        estimate.MonthlyChange == 0
            ? $"{Dollars(estimate.MonthlyAfter)} per month (no change)"
            : $"{Dollars(estimate.MonthlyBefore)} → {Dollars(estimate.MonthlyAfter)} per month ({Signed(estimate.MonthlyChange)}/month)";
}

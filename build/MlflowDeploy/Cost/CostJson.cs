using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>The "cost" object of plan-summary.json.</summary>
public static class CostJson
{
    public static void Write(Utf8JsonWriter json, CostEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(estimate);
        json.WriteStartObject("cost");
        json.WriteString("currency", "USD");
        json.WriteString("region", estimate.Region);
        json.WriteString("unavailable", estimate.Unavailable);
        json.WriteStartObject("prices");
        json.WriteString("table", estimate.PriceTablePath);
        json.WriteString("taken", estimate.PricesTaken);
        json.WriteString("source", estimate.PriceSource);
        json.WriteBoolean("verified_online", estimate.PricesVerifiedOnline);
        json.WriteNumber("hours_per_month", PricingContext.HoursPerMonth);
        json.WriteEndObject();
        if (estimate.IsAvailable)
        {
            json.WriteNumber("monthly_before", estimate.MonthlyBefore);
            json.WriteNumber("monthly_after", estimate.MonthlyAfter);
            json.WriteNumber("monthly_change", estimate.MonthlyChange);
            json.WriteStartArray("line_items");
            foreach (var row in estimate.Rows())
            {
                json.WriteStartObject();
                json.WriteString("category", row.Category);
                json.WriteString("address", row.Address);
                json.WriteString("type", row.Type);
                json.WriteString("item", row.Label);
                json.WriteString("quantity", row.Detail);
                json.WriteNumber("monthly_before", row.Before);
                json.WriteNumber("monthly_after", row.After);
                json.WriteNumber("monthly_change", row.Change);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("not_priced");
            foreach (var item in estimate.Unpriced)
            {
                json.WriteStartObject();
                json.WriteString("address", item.Address);
                json.WriteString("type", item.Type);
                json.WriteString("reason", item.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("usage_assumed");
            foreach (var assumption in estimate.Assumptions)
            {
                json.WriteStartObject();
                json.WriteString("scope", assumption.Scope);
                json.WriteString("key", assumption.Key);
                json.WriteNumber("value", assumption.Value);
                json.WriteString("source", assumption.Source);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (estimate.Note is not null)
        {
            json.WriteString("note", estimate.Note);
        }
        json.WriteEndObject();
    }
}

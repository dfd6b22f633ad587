namespace MlflowDeploy.Cost;

/// <summary>
/// A CloudWatch Logs group (Standard class): GB ingested (usage), and what that volume occupies once kept for the
/// group's retention — ingested GB/month × retention days × 24 / 730, uncompressed, which is an upper bound.
/// </summary>
public sealed class LogGroupPricing : IResourcePricing
{
    public string ResourceType => "aws_cloudwatch_log_group";

    public void Price(ResourceState group, PricingContext context)
    {
        // Before the class existed the provider reads it back as "", which is Standard.
        var logClass = group.String("log_group_class") is { Length: > 0 } named ? named : "STANDARD";
        if (logClass != "STANDARD")
        {
            context.NotPriced(group, $"log class {logClass} is not in the price table (Standard only)");
            return;
        }
        var ingested = context.Usage(group, "ingested_gb_per_month");
        var retention = group.Number("retention_in_days") is { } days && days > 0 ? days : (decimal?)null;
        var keptDays = retention ?? context.Usage(group, "retention_days_when_never_expire");
        if (context.Price(group, "log ingestion", "cloudwatch_logs", "ingested_gb") is { } ingestRate)
        {
            context.Add(group, CostCategory.CloudWatchLogs, "ingestion", "Log ingestion",
                $"{PricingContext.Number(ingested)} GB (usage) × {PricingContext.Rate(ingestRate)}", ingested * ingestRate);
        }
        var stored = ingested * keptDays * 24m / PricingContext.HoursPerMonth;
        if (context.Price(group, "log storage", "cloudwatch_logs", "stored_gb_month") is { } storeRate)
        {
            var kept = retention is null ? $"never expires, priced as {PricingContext.Number(keptDays)} days (usage)" : $"{PricingContext.Number(keptDays)}-day retention";
            context.Add(group, CostCategory.CloudWatchLogs, "storage", "Log storage",
                $"{PricingContext.Number(decimal.Round(stored, 2))} GB kept ({kept}) × {PricingContext.Rate(storeRate)}", stored * storeRate);
        }
    }
}

namespace MlflowDeploy.Cost;

/// <summary>
/// An RDS instance: instance-hours of its class and GB-months of its allocated storage, both times the table's
/// Multi-AZ multiplier when a standby runs; backup storage beyond the free allowance from usage.
/// </summary>
public sealed class RdsInstancePricing : IResourcePricing
{
    public string ResourceType => "aws_db_instance";

    public void Price(ResourceState db, PricingContext context)
    {
        var engine = db.String("engine") ?? "";
        if (!engine.StartsWith("postgres", StringComparison.Ordinal))
        {
            context.NotPriced(db, $"engine '{engine}' is not in the price table (RDS for PostgreSQL only)");
            return;
        }
        const string service = "rds_postgresql";
        var multiAz = db.Bool("multi_az") == true;
        decimal factor = 1;
        if (multiAz)
        {
            if (context.Price(db, "Multi-AZ", service, "multi_az_multiplier") is not { } multiplier)
            {
                return;
            }
            factor = multiplier;
        }
        var deployment = multiAz ? $"Multi-AZ ×{PricingContext.Number(factor)}" : "Single-AZ";
        var hours = PricingContext.HoursPerMonth;

        var instanceClass = db.String("instance_class");
        if (instanceClass is null)
        {
            context.NotPriced(db, "instance class unknown until apply");
        }
        else if (context.Price(db, $"instance {instanceClass}", service, "instance_hour", instanceClass) is { } hourly)
        {
            context.Add(db, CostCategory.Rds, "instance", $"RDS instance ({instanceClass}, {(multiAz ? "Multi-AZ" : "Single-AZ")})",
                $"{PricingContext.Number(hours)} h × {PricingContext.Rate(hourly)} × {deployment}",
                hours * hourly * factor);
        }

        var storageType = db.String("storage_type") ?? "gp2";
        var allocated = db.Number("allocated_storage");
        if (allocated is null)
        {
            context.NotPriced(db, "allocated storage unknown until apply");
        }
        else if (context.Price(db, $"{storageType} storage", service, "storage_gb_month", storageType) is { } perGb)
        {
            var growth = db.Number("max_allocated_storage") is { } max && max > allocated ? $"; autoscales up to {PricingContext.Number(max)} GB, priced as allocated" : "";
            context.Add(db, CostCategory.Rds, "storage", $"RDS storage ({storageType}, {(multiAz ? "Multi-AZ" : "Single-AZ")})",
                $"{PricingContext.Number(allocated.Value)} GB × {PricingContext.Rate(perGb)} × {deployment}{growth}",
                allocated.Value * perGb * factor);
            var baseline = allocated.Value < 400 ? 3000 : 12000;
            if (storageType == "gp3" && db.Number("iops") is { } iops && iops > baseline)
            {
                context.NotPriced(db, $"gp3 IOPS above the {baseline} included with {PricingContext.Number(allocated.Value)} GB");
            }
        }

        var backup = context.Usage(db, "backup_storage_beyond_free_gb");
        if (backup > 0 && context.Price(db, "backup storage", service, "backup_gb_month") is { } backupRate)
        {
            context.Add(db, CostCategory.Rds, "backup", "RDS backup storage beyond the free allowance",
                $"{PricingContext.Number(backup)} GB × {PricingContext.Rate(backupRate)}", backup * backupRate);
        }

        if (db.Bool("performance_insights_enabled") == true && db.Number("performance_insights_retention_period") is > 7)
        {
            context.NotPriced(db, "Performance Insights retention beyond the free 7 days");
        }
    }
}

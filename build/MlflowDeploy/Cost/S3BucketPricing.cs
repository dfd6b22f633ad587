namespace MlflowDeploy.Cost;

/// <summary>An S3 bucket, all Standard class: GB-months stored and requests, all from usage.</summary>
public sealed class S3BucketPricing : IResourcePricing
{
    public string ResourceType => "aws_s3_bucket";

    public void Price(ResourceState bucket, PricingContext context)
    {
        var stored = context.Usage(bucket, "storage_gb");
        if (context.Price(bucket, "S3 storage", "s3_standard", "storage_gb_month") is { } perGb)
        {
            context.Add(bucket, CostCategory.S3, "storage", "S3 Standard storage", $"{PricingContext.Number(stored)} GB (usage) × {PricingContext.Rate(perGb)}", stored * perGb);
        }
        var tier1 = context.Usage(bucket, "tier1_requests_per_month");
        var tier2 = context.Usage(bucket, "tier2_requests_per_month");
        if (context.Price(bucket, "S3 PUT/LIST requests", "s3_standard", "tier1_requests_per_1000") is { } tier1Rate
            && context.Price(bucket, "S3 GET requests", "s3_standard", "tier2_requests_per_1000") is { } tier2Rate)
        {
            context.Add(bucket, CostCategory.S3, "requests", "S3 requests",
                $"{PricingContext.Number(tier1)} PUT/COPY/POST/LIST × {PricingContext.Rate(tier1Rate)}/1,000 + {PricingContext.Number(tier2)} GET × {PricingContext.Rate(tier2Rate)}/1,000 (usage)",
                tier1 / 1000m * tier1Rate + tier2 / 1000m * tier2Rate);
        }
    }
}

namespace MlflowDeploy.Cost;

/// <summary>A customer managed KMS key: per key-month (requests are within the free allowance for this stack's use).</summary>
public sealed class KmsKeyPricing : IResourcePricing
{
    public string ResourceType => "aws_kms_key";

    public void Price(ResourceState key, PricingContext context)
    {
        if (context.Price(key, "KMS key", "kms", "key_month") is { } monthly)
        {
            context.Add(key, CostCategory.Kms, "key", "Customer managed key", $"1 × {PricingContext.Rate(monthly)}", monthly);
        }
    }
}

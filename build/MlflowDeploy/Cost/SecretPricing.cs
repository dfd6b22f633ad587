namespace MlflowDeploy.Cost;

/// <summary>A Secrets Manager secret: per secret-month, and API requests (usage). Its versions cost nothing more.</summary>
public sealed class SecretPricing : IResourcePricing
{
    public string ResourceType => "aws_secretsmanager_secret";

    public void Price(ResourceState secret, PricingContext context)
    {
        var requests = context.Usage(secret, "api_requests_per_month");
        if (context.Price(secret, "secret", "secrets_manager", "secret_month") is { } monthly
            && context.Price(secret, "secret API requests", "secrets_manager", "api_requests_per_10000") is { } requestRate)
        {
            context.Add(secret, CostCategory.SecretsManager, "secret", "Secret",
                $"1 × {PricingContext.Rate(monthly)} + {PricingContext.Number(requests)} API requests (usage) × {PricingContext.Rate(requestRate)}/10,000",
                monthly + requests / 10_000m * requestRate);
        }
    }
}

namespace MlflowDeploy.Cost;

/// <summary>An ECR repository: GB-months of images stored (usage).</summary>
public sealed class EcrRepositoryPricing : IResourcePricing
{
    public string ResourceType => "aws_ecr_repository";

    public void Price(ResourceState repository, PricingContext context)
    {
        var stored = context.Usage(repository, "storage_gb");
        if (context.Price(repository, "ECR storage", "ecr", "storage_gb_month") is { } perGb)
        {
            context.Add(repository, CostCategory.Ecr, "storage", "Image storage", $"{PricingContext.Number(stored)} GB (usage) × {PricingContext.Rate(perGb)}", stored * perGb);
        }
    }
}

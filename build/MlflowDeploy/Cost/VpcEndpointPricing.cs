namespace MlflowDeploy.Cost;

/// <summary>An interface VPC endpoint: hours in each subnet (AZ) and GB processed (usage). Gateway endpoints (S3, DynamoDB) are free.</summary>
public sealed class VpcEndpointPricing : IResourcePricing
{
    public string ResourceType => "aws_vpc_endpoint";

    public void Price(ResourceState endpoint, PricingContext context)
    {
        var kind = endpoint.String("vpc_endpoint_type") ?? "Gateway";
        if (kind == "Gateway")
        {
            return;
        }
        if (kind != "Interface")
        {
            context.NotPriced(endpoint, $"{kind} endpoints are not in the price table (Interface only)");
            return;
        }
        var hours = PricingContext.HoursPerMonth;
        var known = endpoint.Number("subnet_ids") ?? 0;
        var zones = known > 0 ? known : context.Usage(endpoint, "availability_zones_if_unknown");
        if (context.Price(endpoint, "endpoint hours", "vpc_endpoint_interface", "az_hour") is { } hourly)
        {
            context.Add(endpoint, CostCategory.VpcEndpoints, "hours", "Interface endpoint hours",
                $"{PricingContext.Number(zones)} AZ{(known > 0 ? "" : " (usage)")} × {PricingContext.Number(hours)} h × {PricingContext.Rate(hourly)}", zones * hours * hourly);
        }
        var processed = context.Usage(endpoint, "processed_gb_per_month");
        if (context.Price(endpoint, "endpoint data", "vpc_endpoint_interface", "processed_gb") is { } perGb)
        {
            context.Add(endpoint, CostCategory.VpcEndpoints, "processed", "Interface endpoint data processed",
                $"{PricingContext.Number(processed)} GB (usage) × {PricingContext.Rate(perGb)}", processed * perGb);
        }
    }
}

namespace MlflowDeploy.Cost;

/// <summary>A NAT gateway: hours, and GB processed (usage). Its Elastic IP is priced with the address.</summary>
public sealed class NatGatewayPricing : IResourcePricing
{
    public string ResourceType => "aws_nat_gateway";

    public void Price(ResourceState nat, PricingContext context)
    {
        var hours = PricingContext.HoursPerMonth;
        if (context.Price(nat, "NAT gateway hours", "nat_gateway", "hour") is { } hourly)
        {
            context.Add(nat, CostCategory.NatGateway, "hours", "NAT gateway", $"{PricingContext.Number(hours)} h × {PricingContext.Rate(hourly)}", hours * hourly);
        }
        var processed = context.Usage(nat, "processed_gb_per_month");
        if (context.Price(nat, "NAT data processed", "nat_gateway", "processed_gb") is { } perGb)
        {
            context.Add(nat, CostCategory.NatGateway, "processed", "NAT data processed",
                $"{PricingContext.Number(processed)} GB (usage) × {PricingContext.Rate(perGb)}", processed * perGb);
        }
    }
}

namespace MlflowDeploy.Cost;

/// <summary>An Elastic IP: every public IPv4 address is charged by the hour, attached or idle.</summary>
public sealed class ElasticIpPricing : IResourcePricing
{
    public string ResourceType => "aws_eip";

    public void Price(ResourceState eip, PricingContext context)
    {
        var hours = PricingContext.HoursPerMonth;
        if (context.Price(eip, "public IPv4", "public_ipv4", "address_hour") is { } hourly)
        {
            context.Add(eip, CostCategory.PublicIpv4, "address", "Elastic IP address", $"{PricingContext.Number(hours)} h × {PricingContext.Rate(hourly)}", hours * hourly);
        }
    }
}

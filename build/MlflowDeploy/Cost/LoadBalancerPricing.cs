namespace MlflowDeploy.Cost;

/// <summary>
/// An Application Load Balancer: hours, LCU-hours (usage), the public IPv4 address it holds in each subnet when
/// internet-facing, and the data it sends to the internet (usage).
/// </summary>
public sealed class LoadBalancerPricing : IResourcePricing
{
    public string ResourceType => "aws_lb";

    public void Price(ResourceState lb, PricingContext context)
    {
        var kind = lb.String("load_balancer_type") ?? "application";
        if (kind != "application")
        {
            context.NotPriced(lb, $"{kind} load balancers are not in the price table (Application only)");
            return;
        }
        var hours = PricingContext.HoursPerMonth;
        if (context.Price(lb, "ALB hours", "application_load_balancer", "hour") is { } hourly)
        {
            context.Add(lb, CostCategory.LoadBalancer, "hours", "Application Load Balancer", $"{PricingContext.Number(hours)} h × {PricingContext.Rate(hourly)}", hours * hourly);
        }
        var lcu = context.Usage(lb, "lcu_per_hour");
        if (context.Price(lb, "ALB LCU", "application_load_balancer", "lcu_hour") is { } lcuRate)
        {
            context.Add(lb, CostCategory.LoadBalancer, "lcu", "ALB capacity units",
                $"{PricingContext.Number(lcu)} LCU (usage) × {PricingContext.Number(hours)} h × {PricingContext.Rate(lcuRate)}", lcu * hours * lcuRate);
        }
        if (lb.Bool("internal") != true)
        {
            var known = Math.Max(lb.Number("subnets") ?? 0, lb.Number("subnet_mapping") ?? 0);
            var addresses = known > 0 ? known : context.Usage(lb, "availability_zones_if_unknown");
            var source = known > 0 ? "one per subnet" : "usage: subnets unknown until apply";
            if (context.Price(lb, "ALB public IPv4", "public_ipv4", "address_hour") is { } ipRate)
            {
                context.Add(lb, CostCategory.PublicIpv4, "ipv4", "Public IPv4 of the load balancer",
                    $"{PricingContext.Number(addresses)} addresses ({source}) × {PricingContext.Number(hours)} h × {PricingContext.Rate(ipRate)}",
                    addresses * hours * ipRate);
            }
            var egress = context.Usage(lb, "internet_egress_gb_per_month");
            if (context.Price(lb, "data transfer out", "data_transfer", "internet_out_gb") is { } outRate)
            {
                context.Add(lb, CostCategory.DataTransfer, "egress", "Data transfer out to the internet",
                    $"{PricingContext.Number(egress)} GB (usage) × {PricingContext.Rate(outRate)}", egress * outRate);
            }
        }
    }
}

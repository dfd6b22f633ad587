using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>An ECS cluster costs nothing itself; Container Insights, when on, bills custom metrics and log events by use.</summary>
public sealed class EcsClusterPricing : IResourcePricing
{
    public string ResourceType => "aws_ecs_cluster";

    public void Price(ResourceState cluster, PricingContext context)
    {
        var insights = cluster.Blocks("setting")
            .Where(s => s.TryGetProperty("name", out var n) && n.GetString() == "containerInsights")
            .Select(s => s.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault();
        if (insights is "enabled" or "enhanced")
        {
            context.NotPriced(cluster, $"Container Insights ({insights}) bills CloudWatch metrics and performance log events by use");
        }
    }
}

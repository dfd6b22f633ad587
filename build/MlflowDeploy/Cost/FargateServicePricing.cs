using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>
/// An ECS service on Fargate: baseline tasks × (vCPU, GB) × 730 h. The baseline is the larger of the service's
/// desired_count and its autoscaling target's min_capacity: autoscaling owns the live count above that floor,
/// and the estimate prices the floor (the maximum is shown beside it).
/// </summary>
public sealed class FargateServicePricing : IResourcePricing
{
    private const decimal IncludedEphemeralGiB = 20m;

    public string ResourceType => "aws_ecs_service";

    public void Price(ResourceState service, PricingContext context)
    {
        var strategy = service.Blocks("capacity_provider_strategy")
            .Select(b => b.TryGetProperty("capacity_provider", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null)
            .ToList();
        var launchType = service.String("launch_type");
        var onFargate = strategy.Count > 0 ? strategy.All(p => p is "FARGATE" or "FARGATE_SPOT") : launchType == "FARGATE";
        if (!onFargate)
        {
            context.NotPriced(service, $"not a Fargate service (launch type {launchType ?? "from the cluster's default strategy"}); only Fargate tasks are priced");
            return;
        }
        var definition = context.Stack.TaskDefinitionOf(service);
        var cpuUnits = definition?.Number("cpu");
        var memoryMiB = definition?.Number("memory");
        if (definition is null || cpuUnits is null || memoryMiB is null)
        {
            context.NotPriced(service, "its task definition (task-level cpu and memory) is not in the plan");
            return;
        }
        var platform = definition.Block("runtime_platform");
        var os = Text(platform, "operating_system_family") ?? "LINUX";
        if (!os.StartsWith("LINUX", StringComparison.Ordinal))
        {
            context.NotPriced(service, $"Fargate on {os} is not in the price table (only Linux)");
            return;
        }
        var arm = Text(platform, "cpu_architecture") == "ARM64";
        var architecture = arm ? "linux_arm" : "linux_x86";

        var target = context.Stack.AutoscalingTargetOf(service);
        var desired = service.Number("desired_count") ?? 0;
        var minimum = target?.Number("min_capacity");
        var tasks = Math.Max(desired, minimum ?? 0);
        var plural = tasks == 1 ? "" : "s";
        var count = minimum is null
            ? $"{PricingContext.Number(tasks)} task{plural} (desired_count)"
            : $"{PricingContext.Number(tasks)} task{plural} (desired {PricingContext.Number(desired)}, autoscaling {PricingContext.Number(minimum.Value)}–{PricingContext.Number(target!.Number("max_capacity") ?? minimum.Value)})";
        var spot = strategy.Contains("FARGATE_SPOT") ? "; FARGATE_SPOT share priced on-demand (an upper bound)" : "";
        var hours = PricingContext.HoursPerMonth;

        var vcpu = cpuUnits.Value / 1024m;
        if (context.Price(service, "Fargate vCPU", "fargate", architecture + "_vcpu_hour") is { } vcpuRate)
        {
            context.Add(service, CostCategory.Fargate, "vcpu", $"Fargate vCPU ({(arm ? "ARM64" : "x86")})",
                $"{count} × {PricingContext.Number(vcpu)} vCPU × {PricingContext.Number(hours)} h × {PricingContext.Rate(vcpuRate)}{spot}",
                tasks * vcpu * hours * vcpuRate);
        }
        var gb = memoryMiB.Value / 1024m;
        if (context.Price(service, "Fargate memory", "fargate", architecture + "_gb_hour") is { } gbRate)
        {
            context.Add(service, CostCategory.Fargate, "memory", $"Fargate memory ({(arm ? "ARM64" : "x86")})",
                $"{count} × {PricingContext.Number(gb)} GB × {PricingContext.Number(hours)} h × {PricingContext.Rate(gbRate)}{spot}",
                tasks * gb * hours * gbRate);
        }
        var ephemeral = Number(definition.Block("ephemeral_storage"), "size_in_gib");
        if (ephemeral > IncludedEphemeralGiB
            && context.Price(service, "Fargate ephemeral storage", "fargate", "ephemeral_storage_gb_hour") is { } storageRate)
        {
            var extra = ephemeral.Value - IncludedEphemeralGiB;
            context.Add(service, CostCategory.Fargate, "ephemeral", "Fargate ephemeral storage beyond 20 GiB",
                $"{PricingContext.Number(tasks)} tasks × {PricingContext.Number(extra)} GB × {PricingContext.Number(hours)} h × {PricingContext.Rate(storageRate)}",
                tasks * extra * hours * storageRate);
        }
        var network = service.Block("network_configuration");
        if (network is { } n && n.TryGetProperty("assign_public_ip", out var publicIp) && publicIp.ValueKind == JsonValueKind.True
            && context.Price(service, "task public IPv4", "public_ipv4", "address_hour") is { } ipRate)
        {
            context.Add(service, CostCategory.PublicIpv4, "task_ipv4", "Public IPv4 of tasks",
                $"{PricingContext.Number(tasks)} addresses × {PricingContext.Number(hours)} h × {PricingContext.Rate(ipRate)}",
                tasks * hours * ipRate);
        }
    }

    private static string? Text(JsonElement? block, string name) =>
        block is { } b && b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static decimal? Number(JsonElement? block, string name) =>
        block is { } b && b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;
}

using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>One region's prices: <c>service → key → USD</c>, or <c>service → map → key → USD</c> (e.g. instance classes).</summary>
public sealed class RegionPrices
{
    private readonly JsonElement _services;

    internal RegionPrices(string region, JsonElement services)
    {
        Region = region;
        _services = services;
    }

    public string Region { get; }

    /// <summary>The price at a path such as ("fargate", "linux_x86_vcpu_hour") or ("rds_postgresql", "instance_hour", "db.t3.micro").</summary>
    public decimal? Find(params string[] path)
    {
        var node = _services;
        foreach (var step in path)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(step, out node))
            {
                return null;
            }
        }
        return node.ValueKind == JsonValueKind.Number ? node.GetDecimal() : null;
    }
}

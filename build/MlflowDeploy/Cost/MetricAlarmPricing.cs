using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>A CloudWatch metric alarm: per metric it evaluates, standard or high resolution (a period under 60 s).</summary>
public sealed class MetricAlarmPricing : IResourcePricing
{
    public string ResourceType => "aws_cloudwatch_metric_alarm";

    public void Price(ResourceState alarm, PricingContext context)
    {
        var queries = alarm.Blocks("metric_query").ToList();
        var metrics = queries.Select(q => q.TryGetProperty("metric", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [])
            .Where(m => m.Count > 0)
            .ToList();
        var count = Math.Max(metrics.Count, 1);
        var periods = metrics.Select(m => m[0].TryGetProperty("period", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDecimal() : (decimal?)null)
            .Append(alarm.Number("period"))
            .OfType<decimal>()
            .ToList();
        var highResolution = periods.Count > 0 && periods.Min() < 60;
        var key = highResolution ? "high_resolution_metric_month" : "standard_metric_month";
        if (context.Price(alarm, "alarm", "cloudwatch_alarms", key) is { } rate)
        {
            context.Add(alarm, CostCategory.CloudWatchAlarms, "alarm", highResolution ? "Alarm (high resolution)" : "Alarm",
                $"{count} metric{(count == 1 ? "" : "s")} × {PricingContext.Rate(rate)}", count * rate);
        }
    }
}

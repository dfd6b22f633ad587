using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// A digest of what <c>runs/search</c> shows of a source run: name, status, times, params, tags (but Migrate's
/// own) and the latest value of each metric. A new point, param, tag or status changes it, so a run whose copy
/// mark still equals its fingerprint has nothing new to copy (files added to a finished run without any
/// other change are the exception; <c>--recheck</c> compares those too).
/// </summary>
public static class RunFingerprint
{
    public static string Of(MlflowRun run)
    {
        var text = new StringBuilder();
        void Line(string kind, params object?[] parts) =>
            text.Append(kind).Append('\u001f').AppendJoin('\u001f', parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture))).Append('\u001e');

        Line("info", run.Info.RunName, run.Info.Status, run.Info.StartTime, run.Info.EndTime);
        foreach (var param in run.Data.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Line("param", param.Key, param.Value);
        }

        foreach (var tag in run.Data.Tags.Where(t => !MigrationTags.IsOwn(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Line("tag", tag.Key, tag.Value);
        }

        foreach (var metric in run.Data.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            Line("metric", metric.Key, metric.Timestamp, metric.Step, MetricPointKey.BitsOf(metric.Value));
        }

        return "v1:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}

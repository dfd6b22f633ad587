using System.Globalization;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Compares one metric's history on both sides as sets of <see cref="MetricPointKey"/>: what the target lacks,
/// and whether the two hold the same points. Exact repeats in the source count once, as the target stores them.
/// </summary>
public static class MetricHistoryDiff
{
    /// <summary>The source's distinct points that the target does not hold, in source order.</summary>
    public static IReadOnlyList<MlflowMetric> Missing(IReadOnlyList<MlflowMetric> source, IReadOnlyList<MlflowMetric> target)
    {
        var present = new HashSet<MetricPointKey>(target.Select(MetricPointKey.Of));
        var missing = new List<MlflowMetric>();
        foreach (var point in source)
        {
            // Adding to the set also drops a repeat within the source.
            if (present.Add(MetricPointKey.Of(point)))
            {
                missing.Add(point);
            }
        }

        return missing;
    }

    /// <summary>Null when both hold the same points; otherwise one line naming the difference.</summary>
    public static string? Difference(string key, IReadOnlyList<MlflowMetric> source, IReadOnlyList<MlflowMetric> target)
    {
        var expected = new HashSet<MetricPointKey>(source.Select(MetricPointKey.Of));
        var actual = new HashSet<MetricPointKey>(target.Select(MetricPointKey.Of));
        if (expected.SetEquals(actual))
        {
            return null;
        }

        var lacking = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        var first = lacking.Count > 0 ? lacking.MinBy(p => p.Step) : extra.MinBy(p => p.Step);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"metric '{key}': the target lacks {lacking.Count} and has {extra.Count} other of the source's {expected.Count} points (first at step {first.Step})");
    }

    /// <summary>Distinct points of a history, as the target will hold them.</summary>
    public static int DistinctCount(IReadOnlyList<MlflowMetric> history) => history.Select(MetricPointKey.Of).Distinct().Count();
}

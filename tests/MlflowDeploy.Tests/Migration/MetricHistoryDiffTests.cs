using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Tests.Migration;

public sealed class MetricHistoryDiffTests
{
    private static MlflowMetric P(double value, long step, long timestamp = 0, string key = "m") =>
        new() { Key = key, Value = value, Timestamp = timestamp, Step = step };

    [Fact]
    public void Only_the_points_the_target_lacks_are_missing_and_a_repeat_in_the_source_counts_once()
    {
        var source = new[] { P(1, 0), P(2, 1), P(2, 1), P(3, 2) };
        var target = new[] { P(1, 0) };

        var missing = MetricHistoryDiff.Missing(source, target);

        Assert.Equal([P(2, 1), P(3, 2)], missing);
        Assert.Equal(3, MetricHistoryDiff.DistinctCount(source));
    }

    [Fact]
    public void A_point_differs_by_value_timestamp_or_step()
    {
        var source = new[] { P(1, 0, 10), P(1, 1, 10), P(1, 0, 11), P(2, 0, 10) };

        Assert.Equal(3, MetricHistoryDiff.Missing(source, [P(1, 0, 10)]).Count);
    }

    [Fact]
    public void Infinity_matches_the_largest_double_a_sql_store_gives_back_and_nan_matches_nan()
    {
        var source = new[] { P(double.PositiveInfinity, 0), P(double.NegativeInfinity, 1), P(double.NaN, 2), P(-0.0, 3) };
        var target = new[] { P(double.MaxValue, 0), P(double.MinValue, 1), P(BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000001)), 2), P(0.0, 3) };

        Assert.Empty(MetricHistoryDiff.Missing(source, target));
        Assert.Null(MetricHistoryDiff.Difference("m", source, target));
    }

    [Fact]
    public void A_difference_names_the_metric_and_both_counts_in_one_line()
    {
        var source = Enumerable.Range(0, 10).Select(i => P(i, i)).ToList();
        var target = source.Take(7).Append(P(99, 99)).ToList();

        var line = MetricHistoryDiff.Difference("loss", source, target);

        Assert.Equal("metric 'loss': the target lacks 3 and has 1 other of the source's 10 points (first at step 7)", line);
    }
}

using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// A metric point as MLflow's SQL stores identify it: (key, timestamp, step, value). Values are compared as
/// the store keeps them: ±Infinity becomes ±double.MaxValue (SQL has no infinities), every NaN is one NaN, and
/// −0 is 0. Two points with the same key are the same point; the store keeps an exact repeat only once.
/// </summary>
public readonly record struct MetricPointKey(string Key, long Timestamp, long Step, long ValueBits)
{
    public static MetricPointKey Of(MlflowMetric point) => new(point.Key, point.Timestamp, point.Step, BitsOf(point.Value));

    /// <summary>The value as a SQL store gives it back.</summary>
    public static double Stored(double value) =>
        double.IsNaN(value) ? double.NaN
        : double.IsPositiveInfinity(value) ? double.MaxValue
        : double.IsNegativeInfinity(value) ? double.MinValue
        : value == 0 ? 0d
        : value;

    public static long BitsOf(double value) => BitConverter.DoubleToInt64Bits(Stored(value));
}

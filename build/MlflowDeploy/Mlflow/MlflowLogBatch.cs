namespace MlflowDeploy.Mlflow;

/// <summary>
/// One <c>runs/log-batch</c> request. The server takes at most 1,000 metrics, 100 params and 100 tags, 1,000
/// entities in all, and refuses the whole request when one limit is passed or one param would change.
/// </summary>
public sealed record MlflowLogBatch
{
    public const int MaxMetrics = 1000;
    public const int MaxParams = 100;
    public const int MaxTags = 100;
    public const int MaxEntities = 1000;

    public IReadOnlyList<MlflowMetric> Metrics { get; init; } = [];

    public IReadOnlyList<MlflowParam> Params { get; init; } = [];

    public IReadOnlyList<MlflowTag> Tags { get; init; } = [];

    public int Count => Metrics.Count + Params.Count + Tags.Count;
}

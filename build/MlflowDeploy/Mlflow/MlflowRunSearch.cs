namespace MlflowDeploy.Mlflow;

/// <summary>One <c>runs/search</c> request: the server orders by start time (newest first), then run id.</summary>
public sealed record MlflowRunSearch
{
    public required IReadOnlyList<string> ExperimentIds { get; init; }

    public MlflowViewType ViewType { get; init; } = MlflowViewType.ActiveOnly;

    /// <summary>1 to 50,000; the server's default is 1,000.</summary>
    public int MaxResults { get; init; } = 1000;

    public string? PageToken { get; init; }

    /// <summary>A search filter, e.g. <c>tags.`mlflow_deploy.source_run_id` = 'abc'</c>.</summary>
    public string? Filter { get; init; }
}

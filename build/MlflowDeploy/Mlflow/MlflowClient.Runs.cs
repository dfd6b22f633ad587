using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>Runs beyond Verify's needs: search, creation with tags, update, batched logging, tags and metric histories.</summary>
public sealed partial class MlflowClient
{
    /// <summary>get-history pages asked for; MLflow 2.17.2 ignores it and returns the whole history in one answer.</summary>
    public const int MetricHistoryPageSize = 25000;

    /// <summary>Bounds a server that keeps handing out page tokens.</summary>
    private const int MaxHistoryPages = 100_000;

    public async Task<MlflowRunPage> SearchRunsAsync(MlflowRunSearch search, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(search.MaxResults, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(search.MaxResults, MaxSearchResults);
        return await PostJsonAsync<MlflowRunPage>(
            "runs/search",
            new
            {
                experiment_ids = search.ExperimentIds,
                filter = search.Filter,
                run_view_type = search.ViewType.ToWire(),
                max_results = search.MaxResults,
                page_token = search.PageToken,
            },
            cancellationToken);
    }

    public async Task<MlflowRun> CreateRunAsync(MlflowRunCreation creation, CancellationToken cancellationToken)
    {
        var answer = await PostJsonAsync<RunAnswer>(
            "runs/create",
            new
            {
                experiment_id = creation.ExperimentId,
                user_id = creation.UserId,
                run_name = creation.RunName,
                start_time = creation.StartTime,
                tags = creation.Tags,
            },
            cancellationToken);
        return answer.Run;
    }

    /// <summary>Sets a run's status, end time and name; a null one is left as it is. A new name also sets mlflow.runName.</summary>
    public async Task<MlflowRunInfo> UpdateRunAsync(string runId, string? status, long? endTime, CancellationToken cancellationToken, string? runName = null)
    {
        var answer = await PostJsonAsync<UpdateRunAnswer>("runs/update", new { run_id = runId, status, end_time = endTime, run_name = runName }, cancellationToken);
        return answer.RunInfo;
    }

    /// <summary>Logs one batch; see <see cref="MlflowLogBatch"/> for the limits the server enforces.</summary>
    public async Task LogBatchAsync(string runId, MlflowLogBatch batch, CancellationToken cancellationToken) =>
        await PostJsonAsync<EmptyAnswer>(
            "runs/log-batch",
            new { run_id = runId, metrics = batch.Metrics, @params = batch.Params, tags = batch.Tags },
            cancellationToken);

    public async Task SetTagAsync(string runId, MlflowTag tag, CancellationToken cancellationToken) =>
        await PostJsonAsync<EmptyAnswer>("runs/set-tag", new { run_id = runId, key = tag.Key, value = tag.Value }, cancellationToken);

    /// <summary>
    /// Every point of one metric, following page tokens when the server pages (2.17.2 answers with the whole
    /// history at once, whatever <c>max_results</c> says).
    /// </summary>
    public async Task<IReadOnlyList<MlflowMetric>> GetMetricHistoryAsync(string runId, string metricKey, CancellationToken cancellationToken)
    {
        var points = new List<MlflowMetric>();
        string? token = null;
        for (var page = 0; page < MaxHistoryPages; page++)
        {
            var query = $"{TrackingApi}metrics/get-history?run_id={Uri.EscapeDataString(runId)}&metric_key={Uri.EscapeDataString(metricKey)}&max_results={MetricHistoryPageSize}"
                + (token is null ? string.Empty : $"&page_token={Uri.EscapeDataString(token)}");
            var answer = await GetJsonAsync<MetricHistoryAnswer>(query, cancellationToken);
            points.AddRange(answer.Metrics);
            if (string.IsNullOrEmpty(answer.NextPageToken))
            {
                return points;
            }

            if (answer.NextPageToken == token)
            {
                break;
            }

            token = answer.NextPageToken;
        }

        throw new MlflowRequestException(
            MlflowFailureKind.ContractBreach,
            "GET /api/2.0/mlflow/metrics/get-history",
            $"metrics/get-history of '{metricKey}' in run {runId} repeated a page token or paged past {MaxHistoryPages} pages");
    }

    private sealed record UpdateRunAnswer
    {
        [JsonPropertyName("run_info")]
        public required MlflowRunInfo RunInfo { get; init; }
    }

    private sealed record MetricHistoryAnswer
    {
        [JsonPropertyName("metrics")]
        public IReadOnlyList<MlflowMetric> Metrics { get; init; } = [];

        [JsonPropertyName("next_page_token")]
        public string? NextPageToken { get; init; }
    }
}

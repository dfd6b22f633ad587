using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>Experiments beyond Verify's needs: paged search by view type, lookup by name, creation with tags, tags.</summary>
public sealed partial class MlflowClient
{
    /// <summary>One page of experiments; pass the previous page's token to continue.</summary>
    public async Task<MlflowExperimentPage> SearchExperimentsAsync(MlflowViewType viewType, int maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResults, MaxSearchResults);
        var query = $"{TrackingApi}experiments/search?max_results={maxResults}&view_type={viewType.ToWire()}"
            + (pageToken is null ? string.Empty : $"&page_token={Uri.EscapeDataString(pageToken)}");
        return await GetJsonAsync<MlflowExperimentPage>(query, cancellationToken);
    }

    /// <summary>The experiment of that name, active or deleted (a deleted one keeps its name); null when there is none.</summary>
    public async Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var answer = await GetJsonAsync<ExperimentAnswer>($"{TrackingApi}experiments/get-by-name?experiment_name={Uri.EscapeDataString(name)}", cancellationToken);
            return answer.Experiment;
        }
        catch (MlflowRequestException e) when (e.Is(MlflowErrorCodes.ResourceDoesNotExist))
        {
            return null;
        }
    }

    /// <summary>Creates an experiment with its tags in the same request, and returns its id.</summary>
    public async Task<string> CreateExperimentAsync(string name, IReadOnlyList<MlflowTag> tags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var answer = await PostJsonAsync<CreateExperimentAnswer>("experiments/create", new { name, tags }, cancellationToken);
        return answer.ExperimentId;
    }

    /// <summary>Sets (or overwrites) one tag of an active experiment.</summary>
    public async Task SetExperimentTagAsync(string experimentId, MlflowTag tag, CancellationToken cancellationToken) =>
        await PostJsonAsync<EmptyAnswer>("experiments/set-experiment-tag", new { experiment_id = experimentId, key = tag.Key, value = tag.Value }, cancellationToken);

    private sealed record ExperimentAnswer
    {
        [JsonPropertyName("experiment")]
        public required MlflowExperiment Experiment { get; init; }
    }

    /// <summary>MLflow answers a write with <c>{}</c>.</summary>
    private sealed record EmptyAnswer;
}

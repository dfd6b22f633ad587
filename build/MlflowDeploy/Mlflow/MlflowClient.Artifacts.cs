using System.Net.Http.Headers;
using System.Text.Json.Serialization;

namespace MlflowDeploy.Mlflow;

/// <summary>
/// Artifacts, two ways: the artifact proxy (<c>/api/2.0/mlflow-artifacts/artifacts/…</c>, for runs whose
/// <c>artifact_uri</c> is <c>mlflow-artifacts:</c>; the only way to upload through the server), and the tracking
/// API's <c>artifacts/list</c> and <c>/get-artifact</c>, which read any artifact root the server itself can read.
/// Transfers stream, under a deadline the caller sizes for the file.
/// </summary>
public sealed partial class MlflowClient
{
    private const string GetArtifactPath = "get-artifact";

    /// <summary>Uploads through the server's artifact proxy; <paramref name="path"/> is as from <see cref="MlflowArtifactPath"/>.</summary>
    public async Task UploadArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await SendAsync(HttpMethod.Put, ArtifactUrl(path), body, cancellationToken);
    }

    /// <summary>Uploads a stream through the proxy under <paramref name="timeout"/>, from its position to its end; the request disposes the stream.</summary>
    public async Task UploadArtifactAsync(string path, Stream content, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await SendAsync(HttpMethod.Put, ArtifactUrl(path), body, timeout, HttpCompletionOption.ResponseHeadersRead, (_, _, _) => Task.FromResult(true), cancellationToken);
    }

    public async Task<byte[]> DownloadArtifactAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, ArtifactUrl(path), null, cancellationToken)).Body;

    /// <summary>Streams a file from the proxy into <paramref name="destination"/> and returns the bytes written.</summary>
    public Task<long> DownloadArtifactAsync(string path, Stream destination, TimeSpan timeout, CancellationToken cancellationToken) =>
        DownloadAsync(ArtifactUrl(path), destination, timeout, cancellationToken);

    /// <summary>
    /// Streams a run's file through <c>/get-artifact</c>, whatever the run's artifact root, as long as the server can
    /// read it; <paramref name="path"/> is relative to the run's artifact root.
    /// </summary>
    public Task<long> DownloadRunArtifactAsync(string runId, string path, Stream destination, TimeSpan timeout, CancellationToken cancellationToken) =>
        DownloadAsync($"{GetArtifactPath}?path={Uri.EscapeDataString(path)}&run_uuid={Uri.EscapeDataString(runId)}", destination, timeout, cancellationToken);

    /// <summary>The proxy's listing: the direct children of a folder, by base name; an empty or missing folder lists nothing.</summary>
    public async Task<IReadOnlyList<MlflowArtifactFile>> ListArtifactsAsync(string folder, CancellationToken cancellationToken)
    {
        var answer = await GetJsonAsync<ArtifactListAnswer>($"{ArtifactsApi}?path={Uri.EscapeDataString(folder.Trim('/'))}", cancellationToken);
        return answer.Files;
    }

    /// <summary>
    /// The tracking API's listing of a run's folder (null: the root): the direct children, with paths relative to the
    /// run's artifact root (<c>dir/file.txt</c>), unlike the proxy's base names.
    /// </summary>
    public async Task<IReadOnlyList<MlflowArtifactFile>> ListRunArtifactsAsync(string runId, string? path, CancellationToken cancellationToken)
    {
        var files = new List<MlflowArtifactFile>();
        string? token = null;
        do
        {
            var query = $"{TrackingApi}artifacts/list?run_id={Uri.EscapeDataString(runId)}"
                + (string.IsNullOrEmpty(path) ? string.Empty : $"&path={Uri.EscapeDataString(path)}")
                + (token is null ? string.Empty : $"&page_token={Uri.EscapeDataString(token)}");
            var answer = await GetJsonAsync<ArtifactListAnswer>(query, cancellationToken);
            files.AddRange(answer.Files);
            token = string.IsNullOrEmpty(answer.NextPageToken) || answer.NextPageToken == token ? null : answer.NextPageToken;
        }
        while (token is not null);

        return files;
    }

    public async Task DeleteArtifactAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Delete, ArtifactUrl(path), null, cancellationToken);

    private Task<long> DownloadAsync(string relative, Stream destination, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Get,
            relative,
            null,
            timeout,
            HttpCompletionOption.ResponseHeadersRead,
            async (response, _, token) =>
            {
                var start = destination.Position;
                await response.Content.CopyToAsync(destination, token);
                return destination.Position - start;
            },
            cancellationToken);

    private static string ArtifactUrl(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not an artifact path.", nameof(path));
        }

        return $"{ArtifactsApi}/{string.Join('/', segments.Select(Uri.EscapeDataString))}";
    }

    private sealed record ArtifactListAnswer
    {
        [JsonPropertyName("files")]
        public IReadOnlyList<MlflowArtifactFile> Files { get; init; } = [];

        [JsonPropertyName("next_page_token")]
        public string? NextPageToken { get; init; }
    }
}

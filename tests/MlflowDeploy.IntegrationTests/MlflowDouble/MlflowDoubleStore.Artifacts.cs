using System.Text.Json.Nodes;

namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>
/// Artifacts, kept by their path under the artifact root: the proxy's paths (<c>1/&lt;run&gt;/artifacts/x</c>)
/// for <c>mlflow-artifacts:</c> roots, the path after the bucket for the <c>s3://</c> roots of a server without
/// <c>--serve-artifacts</c>. The tracking API's <c>artifacts/list</c> and <c>/get-artifact</c> read both kinds
/// through the run, as the real server does with its own access to the store.
/// </summary>
public sealed partial class MlflowDoubleStore
{
    public void PutArtifact(string path, byte[] content)
    {
        lock (_lock)
        {
            _artifacts[path.Trim('/')] = content;
        }
    }

    public byte[] GetArtifact(string path)
    {
        lock (_lock)
        {
            return _artifacts.TryGetValue(path, out var content)
                ? content
                : throw MlflowDoubleError.Internal($"An error occurred (404) when calling the HeadObject operation: Not Found ({path})");
        }
    }

    public void DeleteArtifact(string path)
    {
        lock (_lock)
        {
            foreach (var key in _artifacts.Keys.Where(k => k == path || k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
            {
                _artifacts.Remove(key);
            }
        }
    }

    /// <summary>The proxy's listing: the direct children of a folder, by base name.</summary>
    public JsonObject ListArtifacts(string? folder)
    {
        var entries = Children(folder);
        return entries.Count == 0 ? new JsonObject() : new JsonObject { ["files"] = new JsonArray([.. entries]) };
    }

    /// <summary>The tracking API's <c>artifacts/list</c>: paths relative to the run's artifact root.</summary>
    public JsonObject ListRunArtifacts(string? runId, string? path)
    {
        var artifactUri = RequiredArtifactUri(runId);
        var root = KeyRoot(artifactUri);
        var relative = string.IsNullOrEmpty(path) ? null : path.Trim('/');
        var entries = Children(relative is null ? root : $"{root}/{relative}");
        foreach (var entry in entries)
        {
            var name = entry["path"]!.GetValue<string>();
            entry["path"] = relative is null ? name : $"{relative}/{name}";
        }

        var answer = new JsonObject { ["root_uri"] = artifactUri };
        if (entries.Count > 0)
        {
            answer["files"] = new JsonArray([.. entries]);
        }

        return answer;
    }

    /// <summary><c>/get-artifact?run_uuid=&amp;path=</c>: a file of the run, whatever its artifact root.</summary>
    public byte[] GetRunArtifact(string? runId, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw MlflowDoubleError.InvalidParameter("Missing value for required parameter 'path'.");
        }

        return GetArtifact($"{KeyRoot(RequiredArtifactUri(runId))}/{path.Trim('/')}");
    }

    /// <summary>Where a run's artifacts are kept in the double, for tests that seed or inspect them directly.</summary>
    public string ArtifactKeyRoot(string runId)
    {
        lock (_lock)
        {
            return _runs.TryGetValue(runId, out var run)
                ? KeyRoot(run.ArtifactUri)
                : throw new ArgumentException($"no run {runId}", nameof(runId));
        }
    }

    private static string KeyRoot(string uri)
    {
        if (uri.StartsWith("mlflow-artifacts:", StringComparison.Ordinal))
        {
            return uri["mlflow-artifacts:".Length..].Trim('/');
        }

        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var afterHost = scheme < 0 ? -1 : uri.IndexOf('/', scheme + 3);
        return afterHost < 0 ? string.Empty : uri[(afterHost + 1)..].Trim('/');
    }

    private string RequiredArtifactUri(string? runId)
    {
        if (string.IsNullOrEmpty(runId))
        {
            throw MlflowDoubleFields.Missing("run_id");
        }

        lock (_lock)
        {
            return _runs.TryGetValue(runId, out var run)
                ? run.ArtifactUri
                : throw MlflowDoubleError.DoesNotExist($"Run with id={runId} not found");
        }
    }

    private List<JsonObject> Children(string? folder)
    {
        var prefix = string.IsNullOrEmpty(folder) ? string.Empty : folder.Trim('/') + "/";
        lock (_lock)
        {
            var entries = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var (path, content) in _artifacts.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var rest = path[prefix.Length..];
                var slash = rest.IndexOf('/');
                entries[slash < 0 ? rest : rest[..slash]] = slash < 0
                    ? new JsonObject { ["path"] = rest, ["is_dir"] = false, ["file_size"] = content.Length }
                    : new JsonObject { ["path"] = rest[..slash], ["is_dir"] = true };
            }

            return entries.Values.ToList();
        }
    }
}

using System.Text.Json;

namespace MlflowDeploy.GitHub;

/// <summary>The PR a run belongs to: <c>--pr</c> when given, else <c>pull_request.number</c> from the event payload.</summary>
public static class PullRequestNumber
{
    /// <summary>Null when the run is not for a pull request (a push, a schedule, a local run).</summary>
    public static async Task<int?> ResolveAsync(int? explicitNumber, CancellationToken ct, Func<string, string?>? environment = null)
    {
        if (explicitNumber is not null)
        {
            return explicitNumber > 0
                ? explicitNumber
                : throw new ActionableError($"--pr {explicitNumber} is not a pull request number — pass a positive number");
        }
        environment ??= Environment.GetEnvironmentVariable;
        var eventPath = environment("GITHUB_EVENT_PATH");
        if (string.IsNullOrWhiteSpace(eventPath) || !File.Exists(eventPath))
        {
            return null;
        }
        try
        {
            await using var file = File.OpenRead(eventPath);
            using var payload = await JsonDocument.ParseAsync(file, cancellationToken: ct).ConfigureAwait(false);
            return payload.RootElement.TryGetProperty("pull_request", out var pr)
                   && pr.ValueKind == JsonValueKind.Object
                   && pr.TryGetProperty("number", out var number)
                   && number.TryGetInt32(out var value)
                ? value
                : null;
        }
        catch (JsonException e)
        {
            throw new ActionableError($"GITHUB_EVENT_PATH ({eventPath}) is not valid JSON ({e.Message}) — pass the PR number with --pr", inner: e);
        }
    }

    /// <summary>
    /// True when the event is a pull_request from a fork: Actions then hands the job a read-only token,
    /// so commenting would fail with 403 for a reason the contributor can't fix.
    /// </summary>
    public static async Task<bool> IsFromForkAsync(CancellationToken ct, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var eventPath = environment("GITHUB_EVENT_PATH");
        if (string.IsNullOrWhiteSpace(eventPath) || !File.Exists(eventPath))
        {
            return false;
        }
        try
        {
            await using var file = File.OpenRead(eventPath);
            using var payload = await JsonDocument.ParseAsync(file, cancellationToken: ct).ConfigureAwait(false);
            if (!payload.RootElement.TryGetProperty("pull_request", out var pr) || pr.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            var head = RepositoryName(pr, "head");
            var baseRepo = RepositoryName(pr, "base");
            return head is not null && baseRepo is not null && !string.Equals(head, baseRepo, StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? RepositoryName(JsonElement pr, string side) =>
        pr.TryGetProperty(side, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty("repo", out var repo) && repo.ValueKind == JsonValueKind.Object
        && repo.TryGetProperty("full_name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
}

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
}

using System.Text.Json;

namespace MlflowDeploy.GitHub;

/// <summary>
/// Turns what the nightly run's Verify and Plan wrote under artifacts/&lt;env&gt;/ into one finding per
/// incident kind. A missing or failed report counts as a failure: a check that could not look is no proof
/// of health, and must not close an open issue.
/// </summary>
public static class IncidentFindings
{
    public const string VerifyJson = "verify.json";
    public const string VerifyMarkdown = "verify.md";
    public const string PlanSummaryJson = "plan-summary.json";
    public const string PlanSummaryMarkdown = "plan-summary.md";

    public static async Task<IReadOnlyList<IncidentReport>> ReadAsync(
        string environmentArtifactsDirectory,
        string environment,
        string? runUrl,
        CancellationToken ct)
    {
        var health = await ReadHealthAsync(environmentArtifactsDirectory, environment, runUrl, ct).ConfigureAwait(false);
        var drift = await ReadDriftAsync(environmentArtifactsDirectory, environment, runUrl, ct).ConfigureAwait(false);
        return [health, drift];
    }

    private static async Task<IncidentReport> ReadHealthAsync(string folder, string environment, string? runUrl, CancellationToken ct)
    {
        var outcome = await ReadStringFieldAsync(Path.Combine(folder, VerifyJson), "outcome", ct).ConfigureAwait(false);
        var markdown = outcome is null
            ? $"Verify left no `{VerifyJson}`: it did not run or stopped early, so the health of `{environment}` is unknown. See the run's log."
            : await ReadMarkdownAsync(Path.Combine(folder, VerifyMarkdown), $"Verify's outcome: `{outcome}` ({VerifyMarkdown} is missing).", ct).ConfigureAwait(false);
        return new IncidentReport
        {
            Kind = IncidentKind.Health,
            Environment = environment,
            Healthy = outcome == "healthy",
            Markdown = markdown,
            RunUrl = runUrl,
        };
    }

    private static async Task<IncidentReport> ReadDriftAsync(string folder, string environment, string? runUrl, CancellationToken ct)
    {
        var status = await ReadStringFieldAsync(Path.Combine(folder, PlanSummaryJson), "status", ct).ConfigureAwait(false);
        var markdown = status switch
        {
            null => $"Plan left no `{PlanSummaryJson}`: the drift check could not run for `{environment}` (credentials, state lock or a provider error). See the run's log.",
            "failed" => "The drift check's plan failed, so drift is unknown.\n\n" +
                        await ReadMarkdownAsync(Path.Combine(folder, PlanSummaryMarkdown), "", ct).ConfigureAwait(false),
            _ => await ReadMarkdownAsync(Path.Combine(folder, PlanSummaryMarkdown), $"Plan status: `{status}` ({PlanSummaryMarkdown} is missing).", ct).ConfigureAwait(false),
        };
        return new IncidentReport
        {
            Kind = IncidentKind.Drift,
            Environment = environment,
            Healthy = status == "no_changes",
            Markdown = markdown,
            RunUrl = runUrl,
        };
    }

    private static async Task<string?> ReadStringFieldAsync(string path, string field, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var file = File.OpenRead(path);
            using var json = await JsonDocument.ParseAsync(file, cancellationToken: ct).ConfigureAwait(false);
            return json.RootElement.ValueKind == JsonValueKind.Object
                   && json.RootElement.TryGetProperty(field, out var value)
                   && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            // A half-written report is the same as none: the check did not finish.
            return null;
        }
    }

    private static async Task<string> ReadMarkdownAsync(string path, string fallback, CancellationToken ct) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, ct).ConfigureAwait(false) : fallback;
}

using System.Text.Json;
using MlflowDeploy.Environments;
using MlflowDeploy.Review;
using MlflowDeploy.Verification;

namespace MlflowDeploy.GitHub;

/// <summary>
/// Turns what the nightly run's Verify and Plan wrote under artifacts/&lt;env&gt;/ into one finding per
/// incident kind. A missing or failed report counts as a failure: a check that could not look is no proof
/// of health, and must not close an open issue.
/// </summary>
public static class IncidentFindings
{
    public static async Task<IReadOnlyList<IncidentReport>> ReadAsync(
        ArtifactLayout artifacts,
        string environment,
        string? runUrl,
        CancellationToken ct)
    {
        var health = await ReadHealthAsync(artifacts, environment, runUrl, ct).ConfigureAwait(false);
        var drift = await ReadDriftAsync(artifacts, environment, runUrl, ct).ConfigureAwait(false);
        return [health, drift];
    }

    private static async Task<IncidentReport> ReadHealthAsync(ArtifactLayout artifacts, string environment, string? runUrl, CancellationToken ct)
    {
        var json = Path.GetFileName(artifacts.VerifyJson);
        var outcome = await ReadStringFieldAsync(artifacts.VerifyJson, VerificationReportJson.OutcomeField, ct).ConfigureAwait(false);
        var markdown = outcome is null
            ? $"Verify left no `{json}`: it did not run or stopped early, so the health of `{environment}` is unknown. See the run's log."
            : await ReadMarkdownAsync(artifacts.VerifyMarkdown, $"Verify's outcome: `{outcome}` ({Path.GetFileName(artifacts.VerifyMarkdown)} is missing).", ct).ConfigureAwait(false);
        return new IncidentReport
        {
            Kind = IncidentKind.Health,
            Environment = environment,
            Healthy = outcome == VerificationOutcome.Healthy.Key(),
            Markdown = markdown,
            RunUrl = runUrl,
        };
    }

    private static async Task<IncidentReport> ReadDriftAsync(ArtifactLayout artifacts, string environment, string? runUrl, CancellationToken ct)
    {
        var json = Path.GetFileName(artifacts.PlanSummaryJson);
        var status = await ReadStringFieldAsync(artifacts.PlanSummaryJson, PlanSummaryJson.StatusField, ct).ConfigureAwait(false);
        var markdown = status switch
        {
            null => $"Plan left no `{json}`: the drift check could not run for `{environment}` (credentials, state lock or a provider error). See the run's log.",
            _ when status == PlanStatus.Failed.Key() => "The drift check's plan failed, so drift is unknown.\n\n" +
                        await ReadMarkdownAsync(artifacts.PlanSummaryMarkdown, "", ct).ConfigureAwait(false),
            _ => await ReadMarkdownAsync(artifacts.PlanSummaryMarkdown, $"Plan status: `{status}` ({Path.GetFileName(artifacts.PlanSummaryMarkdown)} is missing).", ct).ConfigureAwait(false),
        };
        return new IncidentReport
        {
            Kind = IncidentKind.Drift,
            Environment = environment,
            Healthy = status == PlanStatus.NoChanges.Key(),
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

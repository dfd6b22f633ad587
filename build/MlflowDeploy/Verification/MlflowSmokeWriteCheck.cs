using System.Globalization;
using System.Text;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>mlflow.write</c> (opt-in, <c>--smoke-write</c>): writes through the whole stack and reads it back — a fresh
/// experiment, a run, a metric and, when the server proxies artifacts, a small artifact — then deletes what it
/// made. Clean-up runs even when a step fails; the detail names the step that failed.
/// </summary>
public sealed class MlflowSmokeWriteCheck : IVerificationCheck
{
    public const string CheckName = "mlflow.write";

    /// <summary>Every smoke experiment's name starts with this; deleted experiments keep their names, so each run uses a new one.</summary>
    public const string ExperimentNamePrefix = "mlflow-deploy-smoke-";

    public const string ArtifactFileName = "mlflow-deploy-smoke.txt";

    private const string MetricKey = "mlflow_deploy_smoke";

    /// <summary>Clean-up gets its own deadline so that it still runs when Verify is being cancelled.</summary>
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(30);

    private readonly MlflowClient _client;
    private readonly TimeProvider _time;

    public MlflowSmokeWriteCheck(MlflowClient client, TimeProvider? timeProvider = null)
    {
        _client = client;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var name = $"{ExperimentNamePrefix}{now:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8]}";
        var journal = new List<string>();
        var made = new Made();
        string step = "create experiment";
        Probe result;
        try
        {
            made.ExperimentId = await _client.CreateExperimentAsync(name, cancellationToken);
            journal.Add($"ok: create experiment '{name}' (id {made.ExperimentId})");

            step = "create run";
            var run = await _client.CreateRunAsync(made.ExperimentId, "smoke", now, cancellationToken);
            made.RunId = run.RunId;
            journal.Add($"ok: create run {run.RunId}");

            step = "log metric";
            var metric = new MlflowMetric
            {
                Key = MetricKey,
                Value = Random.Shared.Next(1, 1_000_000) / 1000.0,
                Timestamp = now.ToUnixTimeMilliseconds(),
                Step = 1,
            };
            await _client.LogMetricAsync(run.RunId, metric, cancellationToken);
            journal.Add($"ok: log metric {metric.Key}={metric.Value.ToString(CultureInfo.InvariantCulture)}");

            step = "read metric back";
            var readBack = await _client.GetRunAsync(run.RunId, cancellationToken);
            var stored = readBack.Data.Metrics.FirstOrDefault(m => m.Key == metric.Key);
            if (stored is null || stored.Value != metric.Value || stored.Step != metric.Step)
            {
                var found = stored is null ? "no such metric" : $"{stored.Value.ToString(CultureInfo.InvariantCulture)} at step {stored.Step}";
                throw new SmokeMismatch($"runs/get returned {found}, expected {metric.Value.ToString(CultureInfo.InvariantCulture)} at step {metric.Step}");
            }

            journal.Add("ok: read metric back");

            string artifactNote;
            if (MlflowArtifactPath.IsProxied(run.ArtifactUri))
            {
                await RoundTripArtifactAsync(run.ArtifactUri, name, made, journal, s => step = s, cancellationToken);
                artifactNote = "an artifact through the proxy";
            }
            else
            {
                artifactNote = $"no artifact (artifact_uri '{run.ArtifactUri}' is not served by the tracking server, so the proxy round trip was skipped)";
                journal.Add("skipped: artifact round trip — " + artifactNote);
            }

            result = Probe.Pass($"wrote and read back an experiment, a run, a metric and {artifactNote}");
        }
        catch (MlflowRequestException e)
        {
            var probe = MlflowFailureProbe.From(e, _client.Credentials);
            journal.Add($"FAILED: {step} — {e.Message}");
            result = probe.IsPending
                ? Probe.Pending($"{probe.Detail} at step '{step}'")
                : Probe.Fail($"step '{step}' failed: {probe.Detail}");
        }
        catch (SmokeMismatch e)
        {
            journal.Add($"FAILED: {step} — {e.Message}");
            result = Probe.Fail($"step '{step}' failed: {e.Message}");
        }
        finally
        {
            // Runs on cancellation too; the outcome is folded into the result below.
            made.CleanupFailures = await CleanUpAsync(made, journal);
        }

        return Conclude(result, name, made, journal);
    }

    private async Task RoundTripArtifactAsync(
        string artifactUri, string name, Made made, List<string> journal, Action<string> setStep, CancellationToken cancellationToken)
    {
        var folder = MlflowArtifactPath.FromArtifactUri(artifactUri);
        var path = $"{folder}/{ArtifactFileName}";
        var content = Encoding.UTF8.GetBytes($"mlflow-deploy smoke test {name}\n");

        setStep("upload artifact");
        made.ArtifactPath = path;
        await _client.UploadArtifactAsync(path, content, cancellationToken);
        journal.Add($"ok: upload artifact {path} ({content.Length} bytes)");

        setStep("read artifact back");
        var downloaded = await _client.DownloadArtifactAsync(path, cancellationToken);
        if (!downloaded.AsSpan().SequenceEqual(content))
        {
            throw new SmokeMismatch($"downloaded {downloaded.Length} bytes that differ from the {content.Length} uploaded");
        }

        setStep("list artifacts");
        var listed = await _client.ListArtifactsAsync(folder, cancellationToken);
        var entry = listed.FirstOrDefault(f => !f.IsDir && f.Path.Split('/')[^1] == ArtifactFileName);
        if (entry is null || (entry.FileSize is { } size && size != content.Length))
        {
            throw new SmokeMismatch(entry is null
                ? $"the listing of {folder} does not show {ArtifactFileName}"
                : $"the listing shows {ArtifactFileName} with {entry.FileSize} bytes, expected {content.Length}");
        }

        journal.Add("ok: read artifact back and list it");

        setStep("delete artifact");
        await _client.DeleteArtifactAsync(path, cancellationToken);
        made.ArtifactPath = null;
        journal.Add("ok: delete artifact");
    }

    private async Task<List<string>> CleanUpAsync(Made made, List<string> journal)
    {
        var failures = new List<string>();
        using var budget = new CancellationTokenSource(CleanupBudget, _time);

        async Task Attempt(string what, Func<CancellationToken, Task> action, string? tolerated = null)
        {
            try
            {
                await action(budget.Token);
                journal.Add($"clean-up ok: {what}");
            }
            catch (MlflowRequestException e) when (tolerated is not null && e.Is(tolerated))
            {
                journal.Add($"clean-up ok: {what} (already gone)");
            }
            catch (Exception e) when (e is MlflowRequestException or OperationCanceledException)
            {
                var why = e is OperationCanceledException ? $"not done within {DurationText.Human(CleanupBudget)}" : e.Message;
                failures.Add($"{what}: {why}");
                journal.Add($"clean-up FAILED: {what} — {why}");
            }
        }

        if (made.ArtifactPath is { } path)
        {
            await Attempt($"delete artifact {path}", ct => _client.DeleteArtifactAsync(path, ct));
        }

        if (made.RunId is { } runId)
        {
            await Attempt($"delete run {runId}", ct => _client.DeleteRunAsync(runId, ct));
        }

        if (made.ExperimentId is { } experimentId)
        {
            await Attempt($"delete experiment {experimentId}", ct => _client.DeleteExperimentAsync(experimentId, ct), MlflowErrorCodes.ResourceDoesNotExist);
        }

        return failures;
    }

    private static Probe Conclude(Probe result, string name, Made made, List<string> journal)
    {
        if (made.CleanupFailures.Count == 0)
        {
            if (made.ExperimentId is null)
            {
                return result.IsPending || result.Status == CheckStatus.Pass ? result : Probe.Fail(result.Detail, journal);
            }

            var cleaned = made.RunId is null ? "clean-up deleted the experiment" : "clean-up deleted the run and the experiment";
            return result.IsPending ? Probe.Pending($"{result.Detail}; {cleaned}")
                : result.Status == CheckStatus.Pass ? result with { Detail = $"{result.Detail}; {cleaned}" }
                : Probe.Fail($"{result.Detail}; {cleaned}", journal);
        }

        var leftOver = $"clean-up failed ({string.Join("; ", made.CleanupFailures)}) — delete experiment '{name}' by hand";
        return result.Status == CheckStatus.Pass && !result.IsPending
            ? Probe.Warn($"{result.Detail}, but {leftOver}", journal)
            : Probe.Fail($"{result.Detail}; {leftOver}", journal);
    }

    private sealed class Made
    {
        public string? ExperimentId { get; set; }

        public string? RunId { get; set; }

        public string? ArtifactPath { get; set; }

        public List<string> CleanupFailures { get; set; } = [];
    }

    /// <summary>The server accepted a write but gave back something else.</summary>
    private sealed class SmokeMismatch(string message) : Exception(message);
}

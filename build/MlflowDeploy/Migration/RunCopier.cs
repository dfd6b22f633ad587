using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Copies one run whose copy already exists: params and tags, metric histories, artifacts, then status, end time
/// and name; reads the copy back and, when it matches and nothing was left out, sets the copy mark. Each step
/// compares first, so the copy is idempotent: a failed attempt is followed by a fresh comparison, never by a
/// blind replay. In a dry run it only compares and counts.
/// </summary>
internal static class RunCopier
{
    public static async Task CopyAsync(
        MigrationSession session, RunWork work, IReadOnlyDictionary<string, string> copies, CancellationToken cancellationToken)
    {
        RunCopyOutcome outcome = new();
        Exception? failure = null;
        for (var attempt = 1; attempt <= session.Retry.MaxAttempts; attempt++)
        {
            outcome = new RunCopyOutcome();
            try
            {
                if (attempt > 1 && work.Target is { } stale)
                {
                    work.Target = await session.Retry.ReplaySafeAsync(ct => session.Target.GetRunAsync(stale.Info.RunId, ct), cancellationToken);
                }

                await CopyOnceAsync(session, work, copies, outcome, cancellationToken);
                failure = null;
                break;
            }
            catch (Exception e) when (e is MlflowRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                failure = e;
                if (!TransientRetry.IsTransient(e) || attempt == session.Retry.MaxAttempts)
                {
                    break;
                }

                await session.Retry.WaitAsync(attempt, cancellationToken);
            }
        }

        if (failure is not null)
        {
            work.Failed = true;
            session.Report(MigrationIssueKind.RunFailed, $"{work.Describe()} was not completed: {failure.Message}; run Migrate again to resume it");
            session.Counters.RunDone(failed: true);
            return;
        }

        foreach (var issue in outcome.Issues)
        {
            session.Report(issue.Kind, issue.Line);
        }

        foreach (var difference in outcome.Differences)
        {
            session.Report(MigrationIssueKind.CheckMismatch, difference);
        }

        if (outcome.HistoriesCompared)
        {
            session.Counters.HistoryCompared();
        }

        work.Faithful = outcome.IsFaithful && !session.DryRun;

        session.Counters.RunDone(failed: false);
    }

    private static async Task CopyOnceAsync(
        MigrationSession session, RunWork work, IReadOnlyDictionary<string, string> copies, RunCopyOutcome outcome, CancellationToken cancellationToken)
    {
        await RunValuesCopier.CopyAsync(session, work, copies, outcome, cancellationToken);
        await MetricHistoryCopier.CopyAsync(session, work, outcome, cancellationToken);
        await ArtifactCopier.CopyAsync(session, work, outcome, cancellationToken);
        if (session.DryRun)
        {
            return;
        }

        var targetId = work.Target!.Info.RunId;
        var (status, endTime, name) = InfoChanges(work.Source.Info, work.Target.Info);
        if (status is not null || endTime is not null || name is not null)
        {
            await session.Retry.ReplaySafeAsync(ct => session.Target.UpdateRunAsync(targetId, status, endTime, ct, name), cancellationToken);
        }

        var copy = await session.Retry.ReplaySafeAsync(ct => session.Target.GetRunAsync(targetId, ct), cancellationToken);
        foreach (var difference in ReadBack(work, copies, copy, outcome))
        {
            outcome.Difference($"{work.Describe()}: {difference}");
        }

        if (outcome.IsFaithful)
        {
            var mark = new MlflowTag(MigrationTags.CopyMark, RunFingerprint.Of(work.Source));
            await session.Retry.ReplaySafeAsync(ct => session.Target.SetTagAsync(targetId, mark, ct), cancellationToken);
        }
    }

    /// <summary>What runs/update must change for the copy's status, end time and name to follow the source's.</summary>
    private static (string? Status, long? EndTime, string? Name) InfoChanges(MlflowRunInfo source, MlflowRunInfo target) =>
        (source.Status != target.Status ? source.Status : null,
         source.EndTime is { } end && end != target.EndTime ? end : null,
         !string.IsNullOrEmpty(source.RunName) && source.RunName != target.RunName ? source.RunName : null);

    /// <summary>The copy as read back against its source: info, params and copied tags; values already reported (differing or refused) are not repeated.</summary>
    private static IEnumerable<string> ReadBack(RunWork work, IReadOnlyDictionary<string, string> copies, MlflowRun copy, RunCopyOutcome outcome)
    {
        var source = work.Source.Info;
        var (status, endTime, name) = InfoChanges(source, copy.Info);
        if (status is not null || endTime is not null || name is not null || (source.StartTime is { } start && start != copy.Info.StartTime))
        {
            yield return $"status, times or name differ on the target ({copy.Info.Status}, {copy.Info.StartTime}–{copy.Info.EndTime}, '{copy.Info.RunName}')";
        }

        var parameters = copy.Data.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var param in work.Source.Data.Params.Where(p => !outcome.IsLeftAlone("param", p.Key)))
        {
            if (!parameters.TryGetValue(param.Key, out var value) || value != param.Value)
            {
                yield return $"param '{param.Key}' is {(value is null ? "missing" : "different")} on the target";
            }
        }

        var tags = copy.Data.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        foreach (var tag in MigrationTags.ToCopy(work.Source, copies).Where(t => !outcome.IsLeftAlone("tag", t.Key)))
        {
            if (!tags.TryGetValue(tag.Key, out var value) || value != tag.Value)
            {
                yield return $"tag '{tag.Key}' is {(value is null ? "missing" : "different")} on the target";
            }
        }
    }
}

using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Makes sure a source experiment has its counterpart on the target, and copies the experiment's tags: those the
/// target lacks are set, those it holds with another value are reported and left alone.
/// </summary>
internal static class ExperimentCopier
{
    public static async Task PrepareAsync(MigrationSession session, ExperimentPair pair, CancellationToken cancellationToken)
    {
        if (pair.Action == ExperimentAction.Create && !session.DryRun)
        {
            await CreateAsync(session, pair, cancellationToken);
        }

        if (pair.Action == ExperimentAction.Skip)
        {
            return;
        }

        var existing = (pair.Target?.Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        foreach (var tag in pair.Source.Tags.Where(t => !MigrationTags.IsOwn(t.Key)))
        {
            if (existing.TryGetValue(tag.Key, out var value))
            {
                if (value != tag.Value)
                {
                    session.Report(
                        MigrationIssueKind.ExperimentTagDiffers,
                        $"{pair.Describe()}: tag '{tag.Key}' is {Quote(tag.Value)} on the source and {Quote(value)} on the target; not overwritten");
                }

                continue;
            }

            if (!session.DryRun)
            {
                var targetId = pair.Target!.ExperimentId;
                await session.Retry.ReplaySafeAsync(ct => session.Target.SetExperimentTagAsync(targetId, tag, ct), cancellationToken);
            }

            session.Counters.TagsSet(1);
        }
    }

    /// <summary>
    /// Creates the experiment with Migrate's provenance tags. A create that failed without an answer may still have
    /// happened, so it is looked up by name before it is tried again; a deleted namesake is reported, never renamed.
    /// </summary>
    private static async Task CreateAsync(MigrationSession session, ExperimentPair pair, CancellationToken cancellationToken)
    {
        IReadOnlyList<MlflowTag> identity =
        [
            new(MigrationTags.SourceExperimentId, pair.Source.ExperimentId),
            new(MigrationTags.SourceUrl, session.Source.BaseUrl.ToString()),
        ];
        for (var attempt = 1; attempt <= session.Retry.MaxAttempts; attempt++)
        {
            try
            {
                await session.Retry.OnceAsync(ct => session.Target.CreateExperimentAsync(pair.Source.Name, identity, ct), cancellationToken);
            }
            catch (MlflowRequestException e) when (e.Is(MlflowErrorCodes.ResourceAlreadyExists) || (TransientRetry.IsTransient(e) && attempt < session.Retry.MaxAttempts))
            {
                // Someone (or our own lost request) made it meanwhile; the lookup below decides.
            }

            var created = await session.Retry.ReplaySafeAsync(ct => session.Target.GetExperimentByNameAsync(pair.Source.Name, ct), cancellationToken);
            if (created is not null)
            {
                if (created.LifecycleStage != MlflowLifecycleStage.Active)
                {
                    pair.Action = ExperimentAction.Skip;
                    session.Report(MigrationIssueKind.ExperimentDeletedOnTarget, DeletedOnTarget(pair, created));
                    return;
                }

                pair.Target = created;
                return;
            }

            await session.Retry.WaitAsync(attempt, cancellationToken);
        }

        throw new MlflowRequestException(
            MlflowFailureKind.ContractBreach,
            "POST /api/2.0/mlflow/experiments/create",
            $"the target neither created {pair.Describe()} nor found it by name after {session.Retry.MaxAttempts} attempts");
    }

    public static string DeletedOnTarget(ExperimentPair pair, MlflowExperiment target) =>
        $"{pair.Describe()} was not copied: the target's experiment {target.ExperimentId} of that name is deleted and keeps the name; "
        + $"restore it (mlflow experiments restore --experiment-id {target.ExperimentId}) or purge it (mlflow gc --experiment-ids {target.ExperimentId}), then run Migrate again";

    internal static string Quote(string value) =>
        value.Length <= 60 ? $"'{value}'" : $"'{value[..57]}…' ({value.Length} characters)";
}

using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Creates a run's copy, carrying its source ids from the first request. A create that failed without a clear
/// answer may still have happened, so the target is searched for the copy before the create is tried again:
/// a run is never made twice.
/// </summary>
internal static class TargetRunCreator
{
    public static async Task CreateAsync(MigrationSession session, RunWork work, CancellationToken cancellationToken)
    {
        var experimentId = work.Experiment.Target!.ExperimentId;
        var source = work.Source;
        var creation = new MlflowRunCreation
        {
            ExperimentId = experimentId,
            RunName = string.IsNullOrEmpty(source.Info.RunName) ? null : source.Info.RunName,
            StartTime = source.Info.StartTime,
            UserId = string.IsNullOrEmpty(source.Info.UserId) ? null : source.Info.UserId,
            Tags = MigrationTags.Identity(source, session.Source.BaseUrl),
        };

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                work.Target = await session.Retry.OnceAsync(ct => session.Target.CreateRunAsync(creation, ct), cancellationToken);
                return;
            }
            catch (MlflowRequestException e) when (TransientRetry.IsTransient(e) && attempt < session.Retry.MaxAttempts)
            {
                await session.Retry.WaitAsync(attempt, cancellationToken);
                var copy = await ServerListing.CopyOfAsync(session.Target, session.Retry, experimentId, source.Info.RunId, cancellationToken);
                if (copy is not null)
                {
                    work.Target = copy;
                    return;
                }
            }
        }
    }
}

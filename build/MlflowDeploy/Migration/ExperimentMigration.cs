using System.Collections.Concurrent;
using System.Net;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Migrate: copies experiments (with their tags) and their runs (name, status, times, params, tags, every metric's
/// full history, artifacts) from one MLflow 2.x tracking server to another through the REST API and the artifact
/// proxy. It plans on both sides first, creates the missing runs (so parent links can name the parent's copy),
/// copies up to <see cref="MigrationOptions.Concurrency"/> runs at once, and ends with a check of both sides.
/// Idempotent: a second migration copies only what is missing, and completes what an interrupted one began.
/// </summary>
public static class ExperimentMigration
{
    public static async Task<MigrationReport> RunAsync(MigrationOptions options, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var started = options.TimeProvider.GetTimestamp();
        using var source = new MlflowClient(options.Source);
        using var target = new MlflowClient(options.Target);
        var session = new MigrationSession(options, source, target, progress);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };

        await ReachAsync(session, "source (--from)", source, cancellationToken);
        await ReachAsync(session, "target (--to)", target, cancellationToken);

        session.Counters.Enter(MigrationPhase.Planning);
        var plan = await ReadableAsync(() => MigrationPlanner.PlanAsync(session, cancellationToken));
        var copies = new ConcurrentDictionary<string, string>(
            plan.Runs.Where(r => r.Target is not null).Select(r => KeyValuePair.Create(r.Source.Info.RunId, r.Target!.Info.RunId)),
            StringComparer.Ordinal);

        var created = plan.Runs.Where(r => r.Kind == RunWorkKind.New).ToList();
        if (options.DryRun)
        {
            // Nothing is created, but a child's parent link counts as copied when its parent would be.
            created.ForEach(r => copies[r.Source.Info.RunId] = string.Empty);
        }
        else
        {
            session.Counters.Enter(MigrationPhase.CreatingRuns, created.Count);
            await Parallel.ForEachAsync(created, parallel, async (work, ct) =>
            {
                try
                {
                    await TargetRunCreator.CreateAsync(session, work, ct);
                    copies[work.Source.Info.RunId] = work.Target!.Info.RunId;
                    session.Counters.RunDone(failed: false);
                }
                catch (MlflowRequestException e) when (e.StatusCode is HttpStatusCode.Forbidden && !ct.IsCancellationRequested)
                {
                    // A permission is refused for the whole experiment, not run by run: one line says so.
                    work.Failed = true;
                    var experiment = work.Experiment;
                    session.ReportOnce(
                        $"forbidden:{experiment.Target!.ExperimentId}",
                        MigrationIssueKind.RunFailed,
                        $"{experiment.Describe()}: the target refused to create runs in its experiment {experiment.Target.ExperimentId} with {target.Credentials.Describe()} ({e.Message}); grant that user EDIT on it, then run Migrate again");
                    session.Counters.RunDone(failed: true);
                }
                catch (MlflowRequestException e) when (!ct.IsCancellationRequested)
                {
                    work.Failed = true;
                    session.Report(MigrationIssueKind.RunFailed, $"{work.Describe()} was not created on the target: {e.Message}; run Migrate again to copy it");
                    session.Counters.RunDone(failed: true);
                }
            });
        }

        var toCopy = plan.Runs
            .Where(r => r.Kind == RunWorkKind.Resume || (r.Kind == RunWorkKind.New && (options.DryRun || r.Target is not null)))
            .ToList();
        session.Counters.Enter(MigrationPhase.Copying, toCopy.Count);
        await Parallel.ForEachAsync(toCopy, parallel, async (work, ct) => await RunCopier.CopyAsync(session, work, copies, ct));
        foreach (var unchanged in plan.Runs.Where(r => r.Kind == RunWorkKind.Unchanged))
        {
            unchanged.Faithful = true;
        }

        MigrationCheckResult? check = null;
        if (!options.DryRun)
        {
            session.Counters.Enter(MigrationPhase.Checking);
            check = await ReadableAsync(() => MigrationCheck.RunAsync(session, plan, cancellationToken));
        }

        session.Counters.Enter(MigrationPhase.Done);
        var counters = session.Counters;
        var done = counters.Snapshot();
        return new MigrationReport
        {
            Source = source.BaseUrl,
            Target = target.BaseUrl,
            DryRun = options.DryRun,
            ExperimentsCreated = plan.Experiments.Count(p => p.Action == ExperimentAction.Create),
            ExperimentsMerged = plan.Experiments.Count(p => p.Action == ExperimentAction.Merge),
            ExperimentsSkipped = plan.Experiments.Count(p => p.Action == ExperimentAction.Skip),
            SourceExperimentsDeleted = plan.SourceExperimentsDeleted,
            SourceRuns = plan.Runs.Count,
            SourceRunsDeleted = plan.SourceRunsDeleted,
            RunsCopied = plan.Runs.Count(r => r.Kind == RunWorkKind.New && !r.Failed),
            RunsResumed = plan.Runs.Count(r => r.Kind == RunWorkKind.Resume && !r.Failed),
            RunsUnchanged = plan.Runs.Count(r => r.Kind == RunWorkKind.Unchanged),
            RunsSkipped = plan.Runs.Count(r => r.Kind == RunWorkKind.Skipped),
            RunsFailed = done.RunsFailed,
            MetricPoints = options.DryRun ? done.PointsPlanned : done.PointsCopied,
            Params = counters.Params,
            Tags = counters.Tags,
            ArtifactFiles = counters.Files,
            ArtifactBytes = options.DryRun ? done.BytesPlanned : done.BytesCopied,
            SourceRequests = source.RequestsSent,
            TargetRequests = target.RequestsSent,
            Issues = session.Issues,
            Check = check,
            Elapsed = options.TimeProvider.GetElapsedTime(started),
        };
    }

    /// <summary>Reads the server's version, so that a wrong URL or refused credentials end the migration before it starts.</summary>
    private static async Task ReachAsync(MigrationSession session, string side, MlflowClient client, CancellationToken cancellationToken)
    {
        try
        {
            await session.Retry.ReplaySafeAsync(ct => client.GetVersionAsync(ct), cancellationToken);
        }
        catch (MlflowRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new ActionableError(
                $"the {side} {client.BaseUrl} refused the request (HTTP {(int)e.StatusCode!}) with {client.Credentials.Describe()}: give that side the credentials of a user who may read{(side.StartsWith("target", StringComparison.Ordinal) ? " and write" : string.Empty)} experiments");
        }
        catch (MlflowRequestException e)
        {
            throw new ActionableError($"the {side} {client.BaseUrl} is not an MLflow tracking server Migrate can use: {e.Message}");
        }
    }

    /// <summary>A listing the server refuses outright (a permission, a broken answer) ends the migration with its one line.</summary>
    private static async Task<T> ReadableAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (MlflowRequestException e)
        {
            throw new ActionableError($"Migrate stopped: {e.Message}; run it again once that is fixed: it resumes where it stopped");
        }
    }
}

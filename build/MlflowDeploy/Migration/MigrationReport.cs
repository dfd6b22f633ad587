namespace MlflowDeploy.Migration;

/// <summary>
/// What a migration did (or, with --dry-run, would do), the issues worth a line each, and the closing check.
/// Complete means every selected run's copy matches its source.
/// </summary>
public sealed record MigrationReport
{
    public required Uri Source { get; init; }

    public required Uri Target { get; init; }

    public bool DryRun { get; init; }

    public int ExperimentsCreated { get; init; }

    public int ExperimentsMerged { get; init; }

    public int ExperimentsSkipped { get; init; }

    /// <summary>Deleted experiments on the source; their runs are not copied.</summary>
    public int SourceExperimentsDeleted { get; init; }

    /// <summary>Active runs in the selected source experiments.</summary>
    public int SourceRuns { get; init; }

    /// <summary>Deleted runs in the selected source experiments; not copied.</summary>
    public int SourceRunsDeleted { get; init; }

    /// <summary>Runs that had no copy and were copied now (or would be).</summary>
    public int RunsCopied { get; init; }

    /// <summary>Runs whose copy existed but was incomplete or behind its source, completed now (or would be).</summary>
    public int RunsResumed { get; init; }

    /// <summary>Runs whose copy mark matched: nothing to copy.</summary>
    public int RunsUnchanged { get; init; }

    /// <summary>Runs not copied: their experiment is deleted on the target, or their copy was deleted there.</summary>
    public int RunsSkipped { get; init; }

    public int RunsFailed { get; init; }

    public long MetricPoints { get; init; }

    public int Params { get; init; }

    public int Tags { get; init; }

    public int ArtifactFiles { get; init; }

    public long ArtifactBytes { get; init; }

    /// <summary>Requests sent to the source and to the target, retries included.</summary>
    public long SourceRequests { get; init; }

    public long TargetRequests { get; init; }

    public IReadOnlyList<MigrationIssue> Issues { get; init; } = [];

    /// <summary>Null for a dry run, which copies nothing to check.</summary>
    public MigrationCheckResult? Check { get; init; }

    public TimeSpan Elapsed { get; init; }

    public bool IsComplete => Issues.Count == 0 && RunsFailed == 0 && (Check?.Passed ?? true);

    /// <summary>0 when complete; 1 when anything was left out, refused, failed or differs (each issue says which).</summary>
    public int ExitCode => IsComplete ? 0 : 1;
}

/// <summary>The closing comparison of both sides.</summary>
public sealed record MigrationCheckResult
{
    public int RunsCompared { get; init; }

    /// <summary>Runs whose metric histories were read back point by point during this migration.</summary>
    public int HistoriesCompared { get; init; }

    public IReadOnlyList<string> Mismatches { get; init; } = [];

    public bool Passed => Mismatches.Count == 0;
}

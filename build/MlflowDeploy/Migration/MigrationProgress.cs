namespace MlflowDeploy.Migration;

public enum MigrationPhase
{
    /// <summary>Listing experiments and runs on both sides and pairing them.</summary>
    Planning,

    /// <summary>Creating the target runs that do not exist yet (before any data, so parent links can be rewritten).</summary>
    CreatingRuns,

    /// <summary>Copying params, tags, metric histories and artifacts, and reading each copy back.</summary>
    Copying,

    /// <summary>Comparing both sides once more: run counts, params, latest metrics and copy marks.</summary>
    Checking,

    Done,
}

/// <summary>
/// A snapshot of a migration for a progress display. Points and bytes "planned" grow as runs are compared, since
/// a metric's history is only read when its run's turn comes.
/// </summary>
public sealed record MigrationProgress(
    MigrationPhase Phase,
    int RunsTotal,
    int RunsDone,
    int RunsFailed,
    long PointsPlanned,
    long PointsCopied,
    long BytesPlanned,
    long BytesCopied);

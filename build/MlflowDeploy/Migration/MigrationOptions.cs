using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>What Migrate copies, from where to where, and how hard it leans on the two servers.</summary>
public sealed record MigrationOptions
{
    public const int DefaultConcurrency = 8;
    public const int MaxConcurrency = 64;

    /// <summary>The server to copy from, with its own credentials.</summary>
    public required MlflowClientOptions Source { get; init; }

    /// <summary>The server to copy to, with its own credentials.</summary>
    public required MlflowClientOptions Target { get; init; }

    /// <summary>Reads both sides and counts what would move; writes nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Runs copied at once. Each copy makes one request at a time.</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>Only these source experiments (by name); empty: every active experiment.</summary>
    public IReadOnlyList<string> ExperimentNames { get; init; } = [];

    /// <summary>Compares every run again, even those whose copy mark says they are unchanged since a verified copy.</summary>
    public bool Recheck { get; init; }

    public MigrationRetryPolicy Retry { get; init; } = new();

    /// <summary>An artifact transfer may take this long plus the time <see cref="ArtifactMinimumBytesPerSecond"/> allows for its size.</summary>
    public TimeSpan ArtifactBaseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public long ArtifactMinimumBytesPerSecond { get; init; } = 1024 * 1024;

    /// <summary>Artifacts larger than this pass through a temporary file instead of memory.</summary>
    public int ArtifactMemoryLimit { get; init; } = 4 * 1024 * 1024;

    public string TemporaryFolder { get; init; } = Path.GetTempPath();

    /// <summary>Drives the waits between retries; tests pass their own.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal TimeSpan ArtifactTimeout(long bytes) =>
        ArtifactBaseTimeout + TimeSpan.FromSeconds((double)Math.Max(bytes, 0) / ArtifactMinimumBytesPerSecond);

    internal void Validate()
    {
        if (Concurrency is < 1 or > MaxConcurrency)
        {
            throw new ActionableError($"--concurrency={Concurrency} is out of range: pass 1 to {MaxConcurrency} (default {DefaultConcurrency}).", exitCode: 2);
        }

        if (SameServer(Source.BaseUrl, Target.BaseUrl))
        {
            throw new ActionableError($"--from and --to are the same server ({Source.BaseUrl}): pass the server to copy from and the one to copy to.", exitCode: 2);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Retry.MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ArtifactMinimumBytesPerSecond, 0);
    }

    private static bool SameServer(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
        || string.Equals(a.AbsoluteUri.TrimEnd('/'), b.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// How often a failed call is tried again: only throttling, 5xx answers, timeouts and lost connections, with
/// waits doubling from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>.
/// </summary>
public sealed record MigrationRetryPolicy
{
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);
}

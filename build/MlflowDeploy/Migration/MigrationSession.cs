using System.Collections.Concurrent;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>What every step of one migration shares: both clients, the retry rule, the counters and the issues.</summary>
internal sealed class MigrationSession
{
    private readonly ConcurrentQueue<MigrationIssue> _issues = new();
    private readonly ConcurrentDictionary<string, bool> _onceKeys = new(StringComparer.Ordinal);

    public MigrationSession(MigrationOptions options, MlflowClient source, MlflowClient target, IProgress<MigrationProgress>? progress)
    {
        Options = options;
        Source = source;
        Target = target;
        Retry = new TransientRetry(options.Retry, options.TimeProvider);
        Counters = new MigrationCounters(progress);
    }

    public MigrationOptions Options { get; }

    public MlflowClient Source { get; }

    public MlflowClient Target { get; }

    public TransientRetry Retry { get; }

    public MigrationCounters Counters { get; }

    public bool DryRun => Options.DryRun;

    public IReadOnlyList<MigrationIssue> Issues => _issues.ToArray();

    public void Report(MigrationIssueKind kind, string line) => _issues.Enqueue(new MigrationIssue(kind, line));

    /// <summary>Reports a condition once per migration however many runs meet it (e.g. a target that does not proxy artifacts).</summary>
    public void ReportOnce(string key, MigrationIssueKind kind, string line)
    {
        if (_onceKeys.TryAdd(key, true))
        {
            Report(kind, line);
        }
    }
}

namespace MlflowDeploy.Migration;

/// <summary>
/// What one attempt at copying a run found: issues (values left alone or refused, files not copied) and
/// differences found when the copy was read back. Only the last attempt's findings are reported.
/// </summary>
internal sealed class RunCopyOutcome
{
    private readonly List<MigrationIssue> _issues = [];
    private readonly List<string> _differences = [];
    private readonly HashSet<string> _leftAlone = new(StringComparer.Ordinal);

    public IReadOnlyList<MigrationIssue> Issues => _issues;

    public IReadOnlyList<string> Differences => _differences;

    /// <summary>Every metric history was read back from the target and compared point by point.</summary>
    public bool HistoriesCompared { get; set; }

    /// <summary>Nothing was left out and the copy reads back the same: the run may carry its copy mark.</summary>
    public bool IsFaithful => _issues.Count == 0 && _differences.Count == 0 && !LeftOut;

    /// <summary>Something was left out for a reason reported once for the whole migration (e.g. a target without the artifact proxy).</summary>
    public bool LeftOut { get; set; }

    /// <summary>A param or tag reported as differing or refused: the read-back does not report it again.</summary>
    public void LeaveAlone(string kind, string key)
    {
        lock (_leftAlone)
        {
            _leftAlone.Add($"{kind}:{key}");
        }
    }

    public bool IsLeftAlone(string kind, string key)
    {
        lock (_leftAlone)
        {
            return _leftAlone.Contains($"{kind}:{key}");
        }
    }

    public void Issue(MigrationIssueKind kind, string line)
    {
        lock (_issues)
        {
            _issues.Add(new MigrationIssue(kind, line));
        }
    }

    public void Difference(string line)
    {
        lock (_differences)
        {
            _differences.Add(line);
        }
    }
}

namespace MlflowDeploy.GitHub;

public enum IncidentAction
{
    /// <summary>Unhealthy and no issue was open: one was created.</summary>
    Opened,

    /// <summary>Unhealthy and the issue was open: its body now holds the latest report.</summary>
    Updated,

    /// <summary>Healthy again: the open issue got a "recovered" comment and was closed.</summary>
    Closed,

    /// <summary>Healthy and no issue open.</summary>
    NothingToDo,

    /// <summary>No GITHUB_TOKEN: nothing was filed (a warning for the log).</summary>
    Skipped,
}

/// <summary>What reporting did; <see cref="Message"/> is one line for the log.</summary>
public sealed record IncidentOutcome(IncidentAction Action, string Message, int? IssueNumber = null, string? Url = null);

namespace MlflowDeploy.GitHub;

/// <summary>One nightly finding to file: which check, for which environment, and its Markdown report.</summary>
public sealed record IncidentReport
{
    public required IncidentKind Kind { get; init; }

    /// <summary>The deploy environment (e.g. production); one issue per kind and environment.</summary>
    public required string Environment { get; init; }

    /// <summary>True when the check passed: an open issue is closed, and nothing is opened.</summary>
    public required bool Healthy { get; init; }

    /// <summary>The report (verify.md, the plan summary); it becomes the issue body below a short header.</summary>
    public required string Markdown { get; init; }

    /// <summary>The workflow run that made the finding, linked from the issue; null outside Actions.</summary>
    public string? RunUrl { get; init; }
}

namespace MlflowDeploy.GitHub;

public sealed record PullRequestCommentRequest
{
    /// <summary>A hidden HTML comment that identifies this comment among all others on the PR, e.g. &lt;!-- mlflow-deploy:plan:staging --&gt;.</summary>
    public required string Marker { get; init; }

    /// <summary>The full body; the marker is put at its top when missing.</summary>
    public required string Body { get; init; }

    /// <summary>From --pr; when null, read from the event payload.</summary>
    public int? PullRequest { get; init; }
}

namespace MlflowDeploy.GitHub;

public sealed record PullRequestCommentRequest
{
    /// <summary>
    /// Which of this tool's comments on the PR this is, e.g. <c>plan:staging</c>: letters, digits and <c>. _ : -</c>.
    /// <see cref="PullRequestComment"/> turns it into the hidden marker it finds the comment by.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The Markdown to show, without any marker; at most <see cref="GitHubLimits.MarkdownLength"/> characters.</summary>
    public required string Body { get; init; }

    /// <summary>From --pr; when null, read from the event payload.</summary>
    public int? PullRequest { get; init; }

    /// <summary>The plan comment of one environment: one per environment on a PR, kept up to date.</summary>
    public static PullRequestCommentRequest Plan(string environment, string markdown, int? pullRequest) =>
        new() { Key = $"plan:{environment}", Body = markdown, PullRequest = pullRequest };
}

using Octokit;

namespace MlflowDeploy.GitHub;

/// <summary>
/// Keeps one comment per marker on a PR: finds it across every page of comments and edits it in place,
/// or creates it. A run without a token or outside a PR skips with a warning; the job goes on.
/// </summary>
public static class PullRequestComment
{
    public const int MaxBodyLength = 65_536;

    public static async Task<CommentOutcome> PublishAsync(
        PullRequestCommentRequest request,
        CancellationToken ct,
        GitHubSettings? settings = null,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Marker) || !request.Marker.StartsWith("<!--", StringComparison.Ordinal))
        {
            throw new ArgumentException("the marker must be a hidden HTML comment", nameof(request));
        }
        var body = request.Body.Contains(request.Marker, StringComparison.Ordinal) ? request.Body : request.Marker + "\n" + request.Body;
        if (body.Length > MaxBodyLength)
        {
            throw new ArgumentException($"comment body is {body.Length} characters; GitHub takes at most {MaxBodyLength} — render it with a limit", nameof(request));
        }

        settings ??= GitHubSettings.FromEnvironment(environment);
        var connection = GitHubConnection.TryCreate(settings);
        if (connection is null)
        {
            return new CommentOutcome(CommentAction.Skipped,
                "no GITHUB_TOKEN (a fork's PR or a local run): the plan comment was not posted; the plan is in the step summary and artifacts");
        }
        if (request.PullRequest is null && await PullRequestNumber.IsFromForkAsync(ct, environment).ConfigureAwait(false))
        {
            return new CommentOutcome(CommentAction.Skipped,
                "PR from a fork: its token is read-only, so the plan comment was not posted; the plan is in the step summary and artifacts");
        }
        var number = await PullRequestNumber.ResolveAsync(request.PullRequest, ct, environment).ConfigureAwait(false);
        if (number is not int pr)
        {
            return new CommentOutcome(CommentAction.Skipped, "not a pull request run (no --pr and no pull_request in the event): no comment posted");
        }

        var existing = await connection.CallAsync($"listing comments on PR #{pr}",
            client => client.Issue.Comment.GetAllForIssue(connection.Owner, connection.Name, pr, new ApiOptions { PageSize = 100 }),
            ct).ConfigureAwait(false);
        var mine = existing.FirstOrDefault(c => c.Body?.Contains(request.Marker, StringComparison.Ordinal) == true);

        if (mine is not null)
        {
            var updated = await connection.CallAsync($"updating comment {mine.Id} on PR #{pr}",
                client => client.Issue.Comment.Update(connection.Owner, connection.Name, mine.Id, body), ct).ConfigureAwait(false);
            return new CommentOutcome(CommentAction.Updated, $"updated the plan comment on PR #{pr}: {updated.HtmlUrl}", updated.Id, updated.HtmlUrl);
        }
        var created = await connection.CallAsync($"commenting on PR #{pr}",
            client => client.Issue.Comment.Create(connection.Owner, connection.Name, pr, body), ct).ConfigureAwait(false);
        return new CommentOutcome(CommentAction.Created, $"commented the plan on PR #{pr}: {created.HtmlUrl}", created.Id, created.HtmlUrl);
    }
}

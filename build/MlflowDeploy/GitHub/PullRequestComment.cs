using System.Text.RegularExpressions;
using Octokit;

namespace MlflowDeploy.GitHub;

/// <summary>
/// Keeps one comment per key on a PR: finds it across every page of comments and edits it in place, or creates
/// it. A run without a token or outside a PR skips with a warning; the job goes on.
/// <para>
/// Which comment is ours (dflook's rule): one whose first line is this key's hidden marker AND whose author is
/// the account the token acts as (<see cref="TokenIdentity"/>; "github-actions[bot]" for the workflow's
/// GITHUB_TOKEN). Anyone can paste the marker into a comment, but only that account can have written one with
/// it, so a person's comment that quotes the marker is never overwritten; a new comment is posted instead.
/// </para>
/// </summary>
public static partial class PullRequestComment
{
    /// <summary>The hidden first line that tells this comment apart from the tool's others.</summary>
    public static string Marker(string key)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw new ArgumentException($"comment key '{key}' must be 1 to 100 letters, digits or . _ : -", nameof(key));
        }

        return $"<!-- mlflow-deploy:{key} -->";
    }

    public static async Task<CommentOutcome> PublishAsync(
        PullRequestCommentRequest request,
        CancellationToken ct,
        GitHubSettings? settings = null,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var marker = Marker(request.Key);
        var body = marker + "\n" + request.Body;
        if (body.Length > GitHubLimits.BodyLength)
        {
            throw new ArgumentException(
                $"comment body is {body.Length} characters; GitHub takes at most {GitHubLimits.BodyLength} — render it within {nameof(GitHubLimits)}.{nameof(GitHubLimits.MarkdownLength)}",
                nameof(request));
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

        var author = await TokenIdentity.LoginAsync(connection, ct).ConfigureAwait(false);
        var existing = await connection.CallAsync($"listing comments on PR #{pr}",
            client => client.Issue.Comment.GetAllForIssue(connection.Owner, connection.Name, pr, new ApiOptions { PageSize = 100 }),
            ct).ConfigureAwait(false);
        var mine = existing.FirstOrDefault(c => WrittenBy(c, author) && OpensWith(c.Body, marker));

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

    /// <summary>GitHub logins are case-insensitive.</summary>
    private static bool WrittenBy(IssueComment comment, string login) =>
        string.Equals(comment.User?.Login, login, StringComparison.OrdinalIgnoreCase);

    /// <summary>The marker is the whole first line; an edit in the web UI may have turned the newline into CRLF.</summary>
    private static bool OpensWith(string? body, string marker) =>
        body is not null
        && body.StartsWith(marker, StringComparison.Ordinal)
        && (body.Length == marker.Length || body[marker.Length] is '\n' or '\r');

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex KeyPattern();
}

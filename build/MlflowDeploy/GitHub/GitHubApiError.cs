using System.Globalization;
using System.Net;
using Octokit;

namespace MlflowDeploy.GitHub;

/// <summary>Turns an Octokit error into one line saying what went wrong and how to fix it.</summary>
internal static class GitHubApiError
{
    public static ActionableError ToActionable(ApiException e, string what, string repository)
    {
        var message = GitHubConnection.OneLine(e.ApiError?.Message ?? e.Message);
        var line = e switch
        {
            RateLimitExceededException limit =>
                $"GitHub API rate limit exhausted while {what} ({limit.Remaining} of {limit.Limit} left) — it resets at {limit.Reset.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC; re-run after that",
            SecondaryRateLimitExceededException =>
                $"GitHub secondary rate limit hit while {what} — wait a few minutes and re-run",
            AuthorizationException =>
                $"GitHub rejected the token (401) while {what} — check that GITHUB_TOKEN is set to a valid token",
            ForbiddenException =>
                $"GitHub refused {what} (403: {message}) — the token lacks `pull-requests: write` (or `issues: write`); add it under `permissions:` in the workflow job",
            NotFoundException =>
                $"GitHub answered 404 while {what} — repository {repository} or the pull request/issue was not found, or the token cannot see it; check GITHUB_REPOSITORY and --pr",
            _ when e.StatusCode == (HttpStatusCode)429 =>
                $"GitHub rate limit hit (429) while {what} — wait a few minutes and re-run",
            _ =>
                $"GitHub API error {(int)e.StatusCode} while {what}: {message} — re-run; if it persists check https://www.githubstatus.com",
        };
        return new ActionableError(line, inner: e);
    }
}

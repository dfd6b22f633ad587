using System.Net;
using Octokit;

namespace MlflowDeploy.GitHub;

/// <summary>
/// The login of the account GITHUB_TOKEN acts as. GraphQL's <c>viewer</c> is asked first because it answers for
/// every kind of token: "github-actions[bot]" for the workflow's GITHUB_TOKEN, "&lt;app-slug&gt;[bot]" for a GitHub
/// App's installation token, the user for a personal access token. Octokit's <c>User.Current()</c>
/// (<c>GET /user</c>) refuses installation tokens with 403 "Resource not accessible by integration", so it is
/// only the fallback, for tokens that GraphQL refuses.
/// </summary>
internal static class TokenIdentity
{
    public static Task<string> LoginAsync(GitHubConnection connection, CancellationToken ct) =>
        connection.CallAsync("finding the account GITHUB_TOKEN acts as", async client =>
        {
            if (await ViewerLoginAsync(client, connection.GraphQlUrl, ct).ConfigureAwait(false) is { } viewer)
            {
                return viewer;
            }

            try
            {
                var user = await client.User.Current().ConfigureAwait(false);
                if (!string.IsNullOrEmpty(user.Login))
                {
                    return user.Login;
                }
            }
            catch (ApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
            }

            throw new ActionableError(
                "GitHub names no account for GITHUB_TOKEN (GraphQL viewer and GET /user both refused), so this tool cannot tell its own PR comment from other people's — use the workflow's GITHUB_TOKEN, a GitHub App token or a personal access token");
        }, ct);

    /// <summary>Null when GraphQL refuses the token, or answers with errors instead of a viewer.</summary>
    private static async Task<string?> ViewerLoginAsync(IGitHubClient client, Uri graphQl, CancellationToken ct)
    {
        try
        {
            var answer = await client.Connection.Post<ViewerAnswer>(
                graphQl, new { query = "query { viewer { login } }" }, "application/json", "application/json", (IDictionary<string, string>?)null, ct).ConfigureAwait(false);
            return answer.Body?.Data?.Viewer?.Login is { Length: > 0 } login ? login : null;
        }
        catch (ApiException e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    // Octokit fills these by reflection from {"data":{"viewer":{"login":"…"}}}.
    private sealed class ViewerAnswer
    {
        public ViewerData? Data { get; set; }
    }

    private sealed class ViewerData
    {
        public Account? Viewer { get; set; }
    }

    private sealed class Account
    {
        public string? Login { get; set; }
    }
}

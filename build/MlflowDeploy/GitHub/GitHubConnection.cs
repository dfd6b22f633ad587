using Octokit;

namespace MlflowDeploy.GitHub;

/// <summary>
/// An authenticated Octokit client for one repository, with a deadline on every call and GitHub's errors
/// turned into one-line <see cref="ActionableError"/>s. Shared by the PR comment and the incident issue.
/// </summary>
public sealed class GitHubConnection
{
    private static readonly ProductHeaderValue Product = new("mlflow-deploy");

    /// <summary>Per HTTP request; a paged listing makes several.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Whole operation, paging included.</summary>
    public static readonly TimeSpan OperationDeadline = TimeSpan.FromMinutes(2);

    private GitHubConnection(IGitHubClient client, string owner, string name, Uri apiUrl, Uri graphQlUrl)
    {
        Client = client;
        Owner = owner;
        Name = name;
        ApiUrl = apiUrl;
        GraphQlUrl = graphQlUrl;
    }

    public IGitHubClient Client { get; }
    public string Owner { get; }
    public string Name { get; }
    public Uri ApiUrl { get; }

    /// <summary>api.github.com/graphql, or /api/graphql on a GitHub Enterprise host (beside its /api/v3 REST API).</summary>
    public Uri GraphQlUrl { get; }
    public string Repository => $"{Owner}/{Name}";

    /// <summary>Null when there is no token: callers skip their GitHub step with a warning instead of failing.</summary>
    public static GitHubConnection? TryCreate(GitHubSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Token is null)
        {
            return null;
        }
        var parts = settings.Repository?.Split('/') ?? [];
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new ActionableError($"GITHUB_REPOSITORY is '{settings.Repository}', not owner/name — set it (Actions sets it for you)");
        }
        // Octokit adds api/v3/ to any host but api.github.com (the GitHub Enterprise form), so the public API
        // must go through the constructor without a base address.
        var client = settings.IsPublicGitHub
            ? new GitHubClient(Product)
            : new GitHubClient(Product, settings.ApiUrl);
        client.Credentials = new Credentials(settings.Token);
        client.SetRequestTimeout(RequestTimeout);
        return settings.IsPublicGitHub
            ? new GitHubConnection(client, parts[0], parts[1], GitHubSettings.PublicApi, new Uri(GitHubSettings.PublicApi, "graphql"))
            : new GitHubConnection(client, parts[0], parts[1], settings.ApiUrl, new Uri(settings.ApiUrl, "/api/graphql"));
    }

    /// <summary>Runs one GitHub operation under <see cref="OperationDeadline"/>; <paramref name="what"/> completes "while …".</summary>
    public async Task<T> CallAsync<T>(string what, Func<IGitHubClient, Task<T>> call, CancellationToken ct)
    {
        try
        {
            // Octokit takes no CancellationToken; the wait is bounded here and each request by RequestTimeout.
            return await call(Client).WaitAsync(OperationDeadline, ct).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            throw GitHubApiError.ToActionable(e, what, Repository);
        }
        catch (TimeoutException e)
        {
            throw new ActionableError($"GitHub did not answer within {DurationText.Human(OperationDeadline)} while {what} — check GITHUB_API_URL ({ApiUrl}) and re-run", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new ActionableError($"GitHub API at {ApiUrl} unreachable while {what} ({OneLine(e.Message)}) — check GITHUB_API_URL and the runner's network", inner: e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ActionableError($"a GitHub request timed out after {DurationText.Human(RequestTimeout)} while {what} — re-run; check GITHUB_API_URL ({ApiUrl}) if it persists", inner: e);
        }
    }

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}

namespace MlflowDeploy.GitHub;

/// <summary>How to reach GitHub, read from the Actions environment (GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY).</summary>
public sealed record GitHubSettings
{
    public static readonly Uri PublicApi = new("https://api.github.com/");

    /// <summary>Null when the job has no token (a fork's PR, or a run outside Actions).</summary>
    public string? Token { get; init; }

    public Uri ApiUrl { get; init; } = PublicApi;

    /// <summary>"owner/name".</summary>
    public string? Repository { get; init; }

    public static GitHubSettings FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var api = environment("GITHUB_API_URL");
        Uri apiUrl = PublicApi;
        if (!string.IsNullOrWhiteSpace(api) && !Uri.TryCreate(api.Trim(), UriKind.Absolute, out apiUrl!))
        {
            throw new ActionableError($"GITHUB_API_URL '{api}' is not an absolute URL — set it to https://api.github.com or your GitHub Enterprise URL");
        }
        return new GitHubSettings
        {
            Token = NullIfBlank(environment("GITHUB_TOKEN")),
            ApiUrl = apiUrl,
            Repository = NullIfBlank(environment("GITHUB_REPOSITORY")),
        };
    }

    public bool IsPublicGitHub => string.Equals(ApiUrl.Host, PublicApi.Host, StringComparison.OrdinalIgnoreCase);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

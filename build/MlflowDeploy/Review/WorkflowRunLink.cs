namespace MlflowDeploy.Review;

/// <summary>Where a plan was made: the commit and, inside GitHub Actions, the workflow run's URL.</summary>
public sealed record WorkflowRunLink(string? Commit, string? RunUrl)
{
    public static readonly WorkflowRunLink None = new(null, null);

    /// <summary>From GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID (and GITHUB_SHA unless a commit is given).</summary>
    public static WorkflowRunLink FromEnvironment(string? commit = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var server = environment("GITHUB_SERVER_URL");
        var repository = environment("GITHUB_REPOSITORY");
        var runId = environment("GITHUB_RUN_ID");
        var url = string.IsNullOrWhiteSpace(server) || string.IsNullOrWhiteSpace(repository) || string.IsNullOrWhiteSpace(runId)
            ? null
            : $"{server.TrimEnd('/')}/{repository}/actions/runs/{runId}";
        return new WorkflowRunLink(commit ?? NullIfBlank(environment("GITHUB_SHA")), url);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

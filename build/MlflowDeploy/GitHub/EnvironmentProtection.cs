using Octokit;

namespace MlflowDeploy.GitHub;

/// <summary>
/// A GitHub environment's protection rules as <c>GET /repos/{owner}/{repo}/environments/{name}</c> returns them:
/// who must approve a job that uses it, and which branches may. <see cref="Exists"/> is false when the repository has
/// no such environment (GitHub creates one without any rule the first time a job names it).
/// </summary>
public sealed record EnvironmentProtection(
    string Name,
    bool Exists,
    IReadOnlyList<string> RequiredReviewers,
    bool PreventSelfReview,
    int WaitTimerMinutes,
    string BranchPolicy)
{
    /// <summary>Reads the environment's rules; the token needs <c>actions: read</c> (the workflow's GITHUB_TOKEN with that permission will do).</summary>
    public static Task<EnvironmentProtection> ReadAsync(GitHubConnection connection, string environment, CancellationToken cancellationToken) =>
        connection.CallAsync($"reading the protection rules of environment '{environment}'", async client =>
        {
            var path = new Uri($"repos/{connection.Owner}/{connection.Name}/environments/{Uri.EscapeDataString(environment)}", UriKind.Relative);
            try
            {
                var answer = (await client.Connection.Get<EnvironmentAnswer>(path, null).ConfigureAwait(false)).Body;
                return From(environment, answer);
            }
            catch (NotFoundException)
            {
                return new EnvironmentProtection(environment, false, [], false, 0, "none");
            }
            catch (ForbiddenException e)
            {
                throw new ActionableError(
                    $"GitHub refused to show environment '{environment}' of {connection.Repository} (403: {GitHubConnection.OneLine(e.ApiError?.Message ?? e.Message)}) — give the job `actions: read` under permissions:",
                    inner: e);
            }
        }, cancellationToken);

    private static EnvironmentProtection From(string environment, EnvironmentAnswer? answer)
    {
        var rules = answer?.ProtectionRules ?? [];
        var reviewerRules = rules.Where(r => r.Type == "required_reviewers").ToList();
        var reviewers = reviewerRules.SelectMany(r => r.Reviewers ?? [])
            .Select(r => r.Reviewer?.Login ?? r.Reviewer?.Slug ?? r.Reviewer?.Name)
            .Where(name => name is { Length: > 0 })
            .Select(name => name!)
            .ToList();
        var wait = rules.Where(r => r.Type == "wait_timer").Select(r => r.WaitTimer ?? 0).DefaultIfEmpty(0).Max();
        var branches = answer?.DeploymentBranchPolicy switch
        {
            null => "any branch",
            { ProtectedBranches: true } => "protected branches only",
            { CustomBranchPolicies: true } => "selected branches",
            _ => "any branch",
        };
        return new EnvironmentProtection(answer?.Name ?? environment, true, reviewers, reviewerRules.Any(r => r.PreventSelfReview == true), wait, branches);
    }

    // Octokit fills these by reflection from GitHub's snake_case JSON.
    private sealed class EnvironmentAnswer
    {
        public string? Name { get; set; }
        public List<ProtectionRule>? ProtectionRules { get; set; }
        public DeploymentBranches? DeploymentBranchPolicy { get; set; }
    }

    private sealed class ProtectionRule
    {
        public string? Type { get; set; }
        public int? WaitTimer { get; set; }
        public bool? PreventSelfReview { get; set; }
        public List<ReviewerEntry>? Reviewers { get; set; }
    }

    private sealed class ReviewerEntry
    {
        public string? Type { get; set; }
        public ReviewerAccount? Reviewer { get; set; }
    }

    private sealed class ReviewerAccount
    {
        public string? Login { get; set; }
        public string? Slug { get; set; }
        public string? Name { get; set; }
    }

    private sealed class DeploymentBranches
    {
        public bool ProtectedBranches { get; set; }
        public bool CustomBranchPolicies { get; set; }
    }
}

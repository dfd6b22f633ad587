using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowDeploy.Tests.GitHub;

/// <summary>
/// Validate's check of the GitHub environment's protection rules, over real HTTP against the WireMock GitHub (the
/// Enterprise /api/v3/ form Octokit uses for any host but api.github.com), with GitHub's answers to
/// GET /repos/{owner}/{repo}/environments/{name}.
/// </summary>
public sealed class EnvironmentProtectionCheckTests
{
    private static DeployEnvironment Environment(string name) => new()
    {
        Name = name,
        RepositoryRoot = "/repo",
        VarFile = $"/repo/infra/environments/{name}.tfvars",
    };

    private static string EnvironmentPath(string name) => $"/api/v3/repos/{GitHubApiFake.Owner}/{GitHubApiFake.Repo}/environments/{name}";

    private static object Reviewers(bool preventSelfReview, params object[] reviewers) => new
    {
        id = 3755,
        node_id = "GA_kwDOAAAC",
        type = "required_reviewers",
        prevent_self_review = preventSelfReview,
        reviewers,
    };

    private static object User(string login) => new { type = "User", reviewer = new { login, id = 1, type = "User" } };

    private static object Team(string slug) => new { type = "Team", reviewer = new { slug, name = slug, id = 2 } };

    private static void Serve(GitHubApiFake github, string name, int status, object body) =>
        github.Server.Given(Request.Create().WithPath(EnvironmentPath(name)).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBodyAsJson(body));

    private static object EnvironmentBody(string name, object[] rules, object? branchPolicy) => new
    {
        id = 161088068,
        node_id = "MDExOkVudmlyb25tZW50MTYxMDg4MDY4",
        name,
        url = $"https://api.github.com/repos/{GitHubApiFake.Owner}/{GitHubApiFake.Repo}/environments/{name}",
        created_at = "2026-11-01T10:00:00Z",
        updated_at = "2026-11-01T10:00:00Z",
        protection_rules = rules,
        deployment_branch_policy = branchPolicy,
    };

    [Fact]
    public async Task Production_with_a_required_reviewer_passes_and_the_rules_are_reported()
    {
        using var github = new GitHubApiFake();
        Serve(github, "production", 200, EnvironmentBody("production",
            [new { id = 3736, node_id = "GA_1", type = "wait_timer", wait_timer = 15 }, Reviewers(true, User("alice"), Team("platform")), new { id = 3756, type = "branch_policy" }],
            new { protected_branches = false, custom_branch_policies = true }));

        var result = await EnvironmentProtectionCheck.RunAsync(Environment("production"), github.Environment(), CancellationToken.None);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal(
            "environment 'production': required reviewers alice, platform (not the one who triggered the run), wait 15 min, deployments from selected branches",
            result.Detail);
        var request = Assert.Single(github.Requests("GET", EnvironmentPath("production")));
        Assert.Equal("token test-token", request.RequestMessage.Headers!["Authorization"].Single(), ignoreCase: true);
    }

    [Fact]
    public async Task Production_without_a_required_reviewer_fails_with_one_line_naming_the_setting()
    {
        using var github = new GitHubApiFake();
        Serve(github, "production", 200, EnvironmentBody("production", [new { id = 3756, type = "branch_policy" }], null));

        var result = await EnvironmentProtectionCheck.RunAsync(Environment("production"), github.Environment(), CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(
            "environment 'production' has no required reviewer (no required reviewer, deployments from any branch), so a merge to main deploys without anyone's approval — "
            + "add one under Settings → Environments → production in acme/mlflow-deploy",
            result.Detail);
        Assert.DoesNotContain('\n', result.Detail);
    }

    [Fact]
    public async Task A_missing_production_environment_fails_and_a_missing_staging_one_passes()
    {
        using var github = new GitHubApiFake();
        var notFound = new { message = "Not Found", documentation_url = "https://docs.github.com/rest/deployments/environments#get-an-environment", status = "404" };
        Serve(github, "production", 404, notFound);
        Serve(github, "staging", 404, notFound);

        var production = await EnvironmentProtectionCheck.RunAsync(Environment("production"), github.Environment(), CancellationToken.None);
        var staging = await EnvironmentProtectionCheck.RunAsync(Environment("staging"), github.Environment(), CancellationToken.None);

        Assert.Equal(CheckStatus.Fail, production.Status);
        Assert.StartsWith("acme/mlflow-deploy has no environment 'production', so its deploy would run unapproved", production.Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, staging.Status);
        Assert.Contains("does not exist yet", staging.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_actions_read_fails_saying_which_permission_to_add()
    {
        using var github = new GitHubApiFake();
        Serve(github, "production", 403, new { message = "Resource not accessible by integration", documentation_url = "https://docs.github.com/rest" });

        var error = await Assert.ThrowsAsync<ActionableError>(() => EnvironmentProtectionCheck.RunAsync(Environment("production"), github.Environment(), CancellationToken.None));

        Assert.Contains("give the job `actions: read` under permissions:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_or_for_an_emulated_environment_it_is_skipped_with_the_reason_and_nothing_is_asked()
    {
        using var github = new GitHubApiFake();

        var noToken = await EnvironmentProtectionCheck.RunAsync(Environment("production"), github.Environment(token: null), CancellationToken.None);
        var emulated = await EnvironmentProtectionCheck.RunAsync(Environment("local"), github.Environment(), CancellationToken.None);

        Assert.Equal(CheckStatus.Skip, noToken.Status);
        Assert.Contains("the workflows check that the environment has its required reviewers", noToken.Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skip, emulated.Status);
        Assert.DoesNotContain(github.Server.LogEntries, e => e.RequestMessage.Path.Contains("/environments/", StringComparison.Ordinal));
    }
}

using System.Text.Json;
using MlflowDeploy.Tests.GitHub;
using MlflowDeploy.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// <c>./build.sh --target=Plan --environment=local</c> as a pull request's workflow runs it: the summary on
/// the console, the four review files, and one PR comment created once and then updated in place.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class PlanTaskTests
{
    [Fact]
    public async Task Plan_writes_its_review_and_keeps_one_pr_comment_updated_in_place()
    {
        using var github = new GitHubApiFake();
        // Before the first run the PR has no comments; POST creates comment 101.
        github.ListComments();
        github.Server.Given(Request.Create().WithPath(github.CommentsPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBodyAsJson(GitHubApiFake.Comment(101, "<!-- mlflow-deploy:plan:local -->\nfirst")));
        github.AcceptUpdate(101);

        using var scratch = new TempDirectory();
        var stepSummary = Path.Combine(scratch.Path, "step-summary.md");
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_TOKEN"] = "test-token",
            ["GITHUB_API_URL"] = github.Server.Url,
            ["GITHUB_REPOSITORY"] = $"{GitHubApiFake.Owner}/{GitHubApiFake.Repo}",
            ["GITHUB_STEP_SUMMARY"] = stepSummary,
        };

        var first = await BuildScript.RunAsync(TimeSpan.FromMinutes(5), environment, "--target=Plan", "--environment=local", $"--pr={GitHubApiFake.Pr}");
        Assert.True(first.ExitCode == 0, first.All);
        Assert.Single(github.Requests("POST", github.CommentsPath));
        Assert.Empty(github.Requests("PATCH", GitHubApiFake.CommentPath(101)));

        // From now on the PR shows that comment among others, as GitHub would.
        github.Server.ResetMappings();
        github.ViewerIs(GitHubApiFake.ActionsBot);
        github.ListComments(GitHubApiFake.Comment(100, "an unrelated comment"), GitHubApiFake.Comment(101, "<!-- mlflow-deploy:plan:local -->\nfirst"));
        github.AcceptCreate(102);
        github.AcceptUpdate(101);

        var second = await BuildScript.RunAsync(TimeSpan.FromMinutes(5), environment, "--target=Plan", "--environment=local", $"--pr={GitHubApiFake.Pr}");
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Single(github.Requests("POST", github.CommentsPath));
        var update = Assert.Single(github.Requests("PATCH", GitHubApiFake.CommentPath(101)));

        var body = GitHubApiFake.SentBody(update);
        Assert.StartsWith("<!-- mlflow-deploy:plan:local -->", body);
        Assert.Matches(@"Plan: \d+ to add, 0 to change, 0 to destroy", body);
        Assert.Contains("updated the plan comment on PR #7", second.Output);

        // The console shows the summary; the four files and the redacted JSON are written, the raw JSON is not.
        Assert.Matches(@"\d+ to add", second.Output);
        var artifacts = Path.Combine(RepositoryRoot.Path, "artifacts", "local");
        foreach (var file in new[] { "plan.bin", "plan.manifest.json", "plan-summary.md", "plan-summary.json", "plan.redacted.json" })
        {
            Assert.True(File.Exists(Path.Combine(artifacts, file)), $"{file} missing");
        }

        Assert.False(File.Exists(Path.Combine(artifacts, "plan.raw.json")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, "plan-summary.json")));
        Assert.Equal("local", summary.RootElement.GetProperty("environment").GetString());
        var summaryText = File.ReadAllText(stepSummary);
        Assert.Contains("mlflow-deploy", summaryText);
        Assert.DoesNotContain("<!--", summaryText);
    }
}

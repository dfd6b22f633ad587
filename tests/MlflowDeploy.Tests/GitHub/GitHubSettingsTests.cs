using MlflowDeploy.Tests.Support;
using MlflowDeploy.GitHub;
using MlflowDeploy.Tests.Review;

namespace MlflowDeploy.Tests.GitHub;

public sealed class GitHubSettingsTests
{
    [Fact]
    public void Public_github_uses_api_github_com_without_the_enterprise_prefix()
    {
        var settings = GitHubSettings.FromEnvironment(n => n switch { "GITHUB_TOKEN" => "t", "GITHUB_REPOSITORY" => "o/r", _ => null });

        var connection = GitHubConnection.TryCreate(settings)!;

        Assert.Equal(new Uri("https://api.github.com/"), ((Octokit.GitHubClient)connection.Client).Connection.BaseAddress);
        Assert.Equal(("o", "r"), (connection.Owner, connection.Name));
    }

    [Fact]
    public void An_enterprise_api_url_gets_octokits_api_v3_prefix()
    {
        var settings = GitHubSettings.FromEnvironment(n => n switch
        {
            "GITHUB_TOKEN" => "t", "GITHUB_REPOSITORY" => "o/r", "GITHUB_API_URL" => "https://ghe.example.com", _ => null,
        });

        var connection = GitHubConnection.TryCreate(settings)!;

        Assert.Equal(new Uri("https://ghe.example.com/api/v3/"), ((Octokit.GitHubClient)connection.Client).Connection.BaseAddress);
    }

    [Fact]
    public void An_enterprise_api_url_that_already_ends_in_api_v3_is_not_doubled()
    {
        var settings = GitHubSettings.FromEnvironment(n => n switch
        {
            "GITHUB_TOKEN" => "t", "GITHUB_REPOSITORY" => "o/r", "GITHUB_API_URL" => "https://ghe.example.com/api/v3", _ => null,
        });

        var connection = GitHubConnection.TryCreate(settings)!;

        Assert.Equal(new Uri("https://ghe.example.com/api/v3/"), ((Octokit.GitHubClient)connection.Client).Connection.BaseAddress);
    }

    [Fact]
    public void A_malformed_repository_is_an_actionable_error()
    {
        var settings = GitHubSettings.FromEnvironment(n => n switch { "GITHUB_TOKEN" => "t", "GITHUB_REPOSITORY" => "just-a-name", _ => null });

        var error = Assert.Throws<ActionableError>(() => GitHubConnection.TryCreate(settings));
        Assert.Contains("owner/name", error.Message);
    }

    [Fact]
    public async Task The_pr_number_comes_from_the_flag_else_the_event_payload()
    {
        using var scratch = new TempDirectory();
        var payload = scratch.File("event.json");
        await File.WriteAllTextAsync(payload, """{"action":"synchronize","number":42,"pull_request":{"number":42,"head":{"sha":"abc"}}}""");
        Func<string, string?> env = n => n == "GITHUB_EVENT_PATH" ? payload : null;

        Assert.Equal(42, await PullRequestNumber.ResolveAsync(null, CancellationToken.None, env));
        Assert.Equal(9, await PullRequestNumber.ResolveAsync(9, CancellationToken.None, env));

        await File.WriteAllTextAsync(payload, """{"ref":"refs/heads/main","head_commit":{}}""");
        Assert.Null(await PullRequestNumber.ResolveAsync(null, CancellationToken.None, env));
        await Assert.ThrowsAsync<ActionableError>(() => PullRequestNumber.ResolveAsync(0, CancellationToken.None, env));
    }

    [Fact]
    public async Task The_step_summary_is_appended_as_given()
    {
        using var scratch = new TempDirectory();
        var file = scratch.File("summary.md");
        await File.WriteAllTextAsync(file, "# earlier step\n");
        Func<string, string?> env = n => n == "GITHUB_STEP_SUMMARY" ? file : null;

        Assert.True(await StepSummary.AppendAsync("### ✅ plan\n", CancellationToken.None, env));
        Assert.False(await StepSummary.AppendAsync("ignored", CancellationToken.None, _ => null));

        Assert.Equal("# earlier step\n### ✅ plan\n\n", await File.ReadAllTextAsync(file));
    }
}

using MlflowDeploy.Tests.Support;
using MlflowDeploy.GitHub;
using MlflowDeploy.Review;
using MlflowDeploy.Tests.Review;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MlflowDeploy.Tests.GitHub;

public sealed class PullRequestCommentTests
{
    private const string Marker = "<!-- mlflow-deploy:plan:staging -->";

    private static PullRequestCommentRequest Request(string body) => PullRequestCommentRequest.Plan("staging", body, GitHubApiFake.Pr);

    [Fact]
    public async Task Creates_the_comment_when_the_pr_has_none_with_the_marker()
    {
        using var github = new GitHubApiFake();
        github.ListComments(GitHubApiFake.Comment(1, "LGTM"), GitHubApiFake.Comment(2, "<!-- mlflow-deploy:plan:production -->\nother env"));
        github.AcceptCreate(1001);

        var outcome = await PullRequestComment.PublishAsync(Request("### plan"), CancellationToken.None, environment: github.Environment());

        Assert.Equal((CommentAction.Created, 1001L), (outcome.Action, outcome.CommentId));
        var post = Assert.Single(github.Requests("POST", github.CommentsPath));
        Assert.Equal(Marker + "\n### plan", GitHubApiFake.SentBody(post));
        Assert.Equal("token test-token", post.RequestMessage.Headers!["Authorization"].Single(), ignoreCase: true);
        Assert.DoesNotContain(github.Server.LogEntries, e => e.RequestMessage.Method == "PATCH");
    }

    [Fact]
    public async Task A_second_publish_patches_the_same_comment_in_place()
    {
        using var github = new GitHubApiFake();
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(github.CommentsPath).UsingGet())
            .InScenario("comment").WillSetStateTo("listed-empty")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(github.CommentsPath).UsingPost())
            .InScenario("comment").WhenStateIs("listed-empty").WillSetStateTo("created")
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBodyAsJson(GitHubApiFake.Comment(1001, Marker + "\nfirst")));
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(github.CommentsPath).UsingGet())
            .InScenario("comment").WhenStateIs("created")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBodyAsJson(new[] { GitHubApiFake.Comment(900, "human"), GitHubApiFake.Comment(1001, Marker + "\nfirst") }));
        github.AcceptUpdate(1001);

        var first = await PullRequestComment.PublishAsync(Request("first"), CancellationToken.None, environment: github.Environment());
        var second = await PullRequestComment.PublishAsync(Request("second"), CancellationToken.None, environment: github.Environment());

        Assert.Equal(CommentAction.Created, first.Action);
        Assert.Equal((CommentAction.Updated, 1001L), (second.Action, second.CommentId));
        Assert.Single(github.Requests("POST", github.CommentsPath));
        var patch = Assert.Single(github.Requests("PATCH", GitHubApiFake.CommentPath(1001)));
        Assert.Equal(Marker + "\nsecond", GitHubApiFake.SentBody(patch));
    }

    [Fact]
    public async Task Finds_the_marker_on_the_second_page_by_following_link_headers()
    {
        using var github = new GitHubApiFake();
        var page1 = Enumerable.Range(1, 100).Select(i => GitHubApiFake.Comment(i, $"comment {i}")).ToArray();
        var page2 = Enumerable.Range(101, 50).Select(i => GitHubApiFake.Comment(i, i == 120 ? Marker + "\nold plan" : $"comment {i}")).ToArray();
        var next = $"{github.Server.Url}{github.CommentsPath}?per_page=100&page=2";
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(github.CommentsPath).WithParam("page", "2").UsingGet())
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBodyAsJson(page2));
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(github.CommentsPath).UsingGet())
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithHeader("Link", $"<{next}>; rel=\"next\", <{next}>; rel=\"last\"")
                .WithBodyAsJson(page1));
        github.AcceptUpdate(120);

        var outcome = await PullRequestComment.PublishAsync(Request("new plan"), CancellationToken.None, environment: github.Environment());

        Assert.Equal((CommentAction.Updated, 120L), (outcome.Action, outcome.CommentId));
        var gets = github.Requests("GET", github.CommentsPath).ToList();
        Assert.Equal(2, gets.Count);
        Assert.Equal("100", gets[0].RequestMessage.Query!["per_page"].Single());
        Assert.Equal("2", gets[1].RequestMessage.Query!["page"].Single());
        Assert.Empty(github.Requests("POST", github.CommentsPath));
    }

    [Fact]
    public async Task An_oversized_plan_is_cut_to_fit_a_comment_and_says_so()
    {
        using var github = new GitHubApiFake();
        github.ListComments();
        github.AcceptCreate(77);
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("replace"), CancellationToken.None);
        var huge = string.Join('\n', Enumerable.Range(0, 30_000).Select(i => $"  ~ line {i} with `backticks` ```"));
        var body = PlanMarkdown.Render(new PlanMarkdownInput
        {
            Environment = "staging",
            Summary = summary,
            PlanText = huge,
            Run = new WorkflowRunLink("abc", "https://github.example/acme/mlflow-deploy/actions/runs/9"),
        });

        await PullRequestComment.PublishAsync(Request(body), CancellationToken.None, environment: github.Environment());

        var sent = GitHubApiFake.SentBody(Assert.Single(github.Requests("POST", github.CommentsPath)));
        Assert.True(sent.Length <= GitHubLimits.BodyLength, $"{sent.Length} characters");
        Assert.StartsWith(Marker + "\n", sent);
        Assert.Contains("✂ Cut: showing the first", sent);
        Assert.Contains("https://github.example/acme/mlflow-deploy/actions/runs/9", sent);
    }

    [Fact]
    public async Task Forbidden_is_one_line_naming_the_missing_permission()
    {
        using var github = new GitHubApiFake();
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(github.CommentsPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithBody("""{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"}"""));

        var error = await Assert.ThrowsAsync<ActionableError>(() =>
            PullRequestComment.PublishAsync(Request("x"), CancellationToken.None, environment: github.Environment()));

        Assert.Contains("403", error.Message);
        Assert.Contains("Resource not accessible by integration", error.Message);
        Assert.Contains("pull-requests: write", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Not_found_is_one_line_naming_the_repository()
    {
        using var github = new GitHubApiFake();
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(github.CommentsPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json").WithBody("""{"message":"Not Found"}"""));

        var error = await Assert.ThrowsAsync<ActionableError>(() =>
            PullRequestComment.PublishAsync(Request("x"), CancellationToken.None, environment: github.Environment()));

        Assert.Contains("404", error.Message);
        Assert.Contains("acme/mlflow-deploy", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task An_exhausted_rate_limit_says_when_it_resets()
    {
        using var github = new GitHubApiFake();
        var reset = new DateTimeOffset(2026, 11, 27, 18, 30, 0, TimeSpan.Zero);
        github.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(github.CommentsPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithHeader("X-RateLimit-Limit", "5000").WithHeader("X-RateLimit-Remaining", "0")
                .WithHeader("X-RateLimit-Reset", reset.ToUnixTimeSeconds().ToString())
                .WithBody("""{"message":"API rate limit exceeded for installation ID 1."}"""));

        var error = await Assert.ThrowsAsync<ActionableError>(() =>
            PullRequestComment.PublishAsync(Request("x"), CancellationToken.None, environment: github.Environment()));

        Assert.Contains("rate limit", error.Message);
        Assert.Contains("resets at 2026-11-27 18:30:00 UTC", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Without_a_token_it_skips_with_a_warning_and_makes_no_call()
    {
        using var github = new GitHubApiFake();

        var outcome = await PullRequestComment.PublishAsync(Request("x"), CancellationToken.None, environment: github.Environment(token: null));

        Assert.Equal(CommentAction.Skipped, outcome.Action);
        Assert.Contains("no GITHUB_TOKEN", outcome.Message);
        Assert.Empty(github.Server.LogEntries);
    }

    [Fact]
    public async Task Outside_a_pull_request_it_skips_without_a_call()
    {
        using var github = new GitHubApiFake();

        var outcome = await PullRequestComment.PublishAsync(
            new PullRequestCommentRequest { Key = "plan:staging", Body = "x" }, CancellationToken.None, environment: github.Environment());

        Assert.Equal(CommentAction.Skipped, outcome.Action);
        Assert.Empty(github.Server.LogEntries);
    }

    [Fact]
    public async Task A_pr_from_a_fork_skips_because_its_token_is_read_only()
    {
        using var github = new GitHubApiFake();
        using var scratch = new TempDirectory();
        var payload = scratch.File("event.json");
        await File.WriteAllTextAsync(payload, """
            {"number":7,"pull_request":{"number":7,
              "head":{"repo":{"full_name":"contributor/mlflow-deploy"}},
              "base":{"repo":{"full_name":"acme/mlflow-deploy"}}}}
            """);
        var fake = github.Environment();
        Func<string, string?> env = n => n == "GITHUB_EVENT_PATH" ? payload : fake(n);

        var outcome = await PullRequestComment.PublishAsync(
            new PullRequestCommentRequest { Key = "plan:staging", Body = "x" }, CancellationToken.None, environment: env);

        Assert.Equal(CommentAction.Skipped, outcome.Action);
        Assert.Contains("fork", outcome.Message);
        Assert.Empty(github.Server.LogEntries);
    }

    [Fact]
    public async Task A_pr_from_the_same_repository_is_read_from_the_event_and_commented()
    {
        using var github = new GitHubApiFake();
        using var scratch = new TempDirectory();
        var payload = scratch.File("event.json");
        await File.WriteAllTextAsync(payload, """
            {"number":7,"pull_request":{"number":7,
              "head":{"repo":{"full_name":"acme/mlflow-deploy"}},
              "base":{"repo":{"full_name":"acme/mlflow-deploy"}}}}
            """);
        github.ListComments();
        github.AcceptCreate(5);
        var fake = github.Environment();
        Func<string, string?> env = n => n == "GITHUB_EVENT_PATH" ? payload : fake(n);

        var outcome = await PullRequestComment.PublishAsync(
            new PullRequestCommentRequest { Key = "plan:staging", Body = "x" }, CancellationToken.None, environment: env);

        Assert.Equal(CommentAction.Created, outcome.Action);
        Assert.Single(github.Requests("POST", github.CommentsPath));
    }

    [Fact]
    public async Task Another_account_s_comment_that_carries_the_marker_is_never_overwritten()
    {
        using var github = new GitHubApiFake();
        github.ListComments(
            GitHubApiFake.Comment(3, Marker + "\nlooks like a plan, written by a person", author: "mallory"),
            GitHubApiFake.Comment(4, "> " + Marker + "\nquoted by a person", author: "mallory"),
            GitHubApiFake.Comment(5, "the bot's other comment, quoting\n" + Marker));
        github.AcceptCreate(6);

        var outcome = await PullRequestComment.PublishAsync(Request("### plan"), CancellationToken.None, environment: github.Environment());

        Assert.Equal((CommentAction.Created, 6L), (outcome.Action, outcome.CommentId));
        Assert.DoesNotContain(github.Server.LogEntries, e => e.RequestMessage.Method == "PATCH");
        Assert.Equal(Marker + "\n### plan", GitHubApiFake.SentBody(Assert.Single(github.Requests("POST", github.CommentsPath))));
    }

    [Fact]
    public async Task A_GitHub_App_token_edits_its_own_bot_s_comment_not_the_Actions_bot_s()
    {
        using var github = new GitHubApiFake();
        github.ViewerIs("mlflow-deployer[bot]");
        github.ListComments(
            GitHubApiFake.Comment(8, Marker + "\nwritten by the workflow token"),
            GitHubApiFake.Comment(9, Marker + "\r\nwritten by the app, then edited in the web UI", author: "mlflow-deployer[bot]"));
        github.AcceptUpdate(9);

        var outcome = await PullRequestComment.PublishAsync(Request("new plan"), CancellationToken.None, environment: github.Environment());

        Assert.Equal((CommentAction.Updated, 9L), (outcome.Action, outcome.CommentId));
        Assert.Empty(github.Requests("PATCH", GitHubApiFake.CommentPath(8)));
        var query = Assert.Single(github.Requests("POST", GitHubApiFake.GraphQlPath));
        Assert.Contains("viewer", query.RequestMessage.Body);
        Assert.Empty(github.Requests("GET", GitHubApiFake.UserPath));
    }

    [Fact]
    public async Task When_GraphQL_refuses_the_token_GET_user_names_its_account()
    {
        using var github = new GitHubApiFake();
        github.RefuseGraphQl();
        github.UserIs("octocat");
        github.ListComments(GitHubApiFake.Comment(10, Marker + "\nby the bot"), GitHubApiFake.Comment(11, Marker + "\nby octocat's token", author: "OctoCat"));
        github.AcceptUpdate(11);

        var outcome = await PullRequestComment.PublishAsync(Request("new plan"), CancellationToken.None, environment: github.Environment());

        Assert.Equal((CommentAction.Updated, 11L), (outcome.Action, outcome.CommentId));
        Assert.Single(github.Requests("GET", GitHubApiFake.UserPath));
    }

    [Fact]
    public async Task A_token_whose_account_GitHub_will_not_name_is_one_line_and_nothing_is_written()
    {
        using var github = new GitHubApiFake();
        github.RefuseGraphQl();
        github.UserIs(null);
        github.ListComments(GitHubApiFake.Comment(12, Marker + "\nold"));

        var error = await Assert.ThrowsAsync<ActionableError>(() =>
            PullRequestComment.PublishAsync(Request("x"), CancellationToken.None, environment: github.Environment()));

        Assert.StartsWith("GitHub names no account for GITHUB_TOKEN", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(github.Server.LogEntries, e => e.RequestMessage.Method is "PATCH" || e.RequestMessage.Path == github.CommentsPath);
    }
}

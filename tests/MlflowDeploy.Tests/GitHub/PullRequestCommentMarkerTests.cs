using MlflowDeploy.GitHub;

namespace MlflowDeploy.Tests.GitHub;

/// <summary>The marker and the size check, which need no GitHub; the API conversation is in the integration tests.</summary>
public sealed class PullRequestCommentMarkerTests
{
    [Fact]
    public void The_plan_comment_of_an_environment_keeps_the_marker_earlier_versions_wrote()
    {
        var request = PullRequestCommentRequest.Plan("staging", "### plan", 7);

        Assert.Equal("<!-- mlflow-deploy:plan:staging -->", PullRequestComment.Marker(request.Key));
        Assert.Equal(("### plan", 7), (request.Body, request.PullRequest));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plan:x -->")]
    [InlineData("plan:<b>")]
    [InlineData("plan staging")]
    public void A_key_that_could_close_or_break_the_hidden_comment_is_refused(string key) =>
        Assert.Throws<ArgumentException>(() => PullRequestComment.Marker(key));

    [Fact]
    public async Task Markdown_that_leaves_no_room_for_the_marker_is_refused_before_any_call()
    {
        var request = new PullRequestCommentRequest { Key = "plan:staging", Body = new string('x', GitHubLimits.BodyLength - 10) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            PullRequestComment.PublishAsync(request, CancellationToken.None, environment: _ => throw new InvalidOperationException("no environment read expected")));

        Assert.Contains("GitHubLimits.MarkdownLength", error.Message);
    }

    [Fact]
    public async Task Markdown_of_the_renderer_s_limit_fits_with_the_marker()
    {
        var request = new PullRequestCommentRequest { Key = "plan:" + new string('e', 95), Body = new string('x', GitHubLimits.MarkdownLength) };

        // No token: it gets past the size check and skips without calling GitHub.
        var outcome = await PullRequestComment.PublishAsync(request, CancellationToken.None, environment: _ => null);

        Assert.Equal(CommentAction.Skipped, outcome.Action);
    }
}

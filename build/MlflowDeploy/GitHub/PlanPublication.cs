using MlflowDeploy.Review;

namespace MlflowDeploy.GitHub;

/// <summary>
/// Where a plan review goes in GitHub: the step summary in any workflow run, and the environment's one PR comment
/// when the run belongs to a pull request (or <c>--pr</c> names one).
/// </summary>
public static class PlanPublication
{
    public static async Task PublishAsync(PlanReviewResult review, string environment, int? pullRequest, Action<string> log, CancellationToken cancellationToken, Func<string, string?>? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        if (await StepSummary.AppendAsync(review.Markdown, cancellationToken, variables).ConfigureAwait(false))
        {
            log("plan summary appended to the GitHub step summary");
        }

        var inGitHub = variables("GITHUB_ACTIONS") == "true" || variables("GITHUB_TOKEN") is { Length: > 0 };
        if (!inGitHub && pullRequest is null)
        {
            return;
        }

        var outcome = await PullRequestComment.PublishAsync(
            PullRequestCommentRequest.Plan(environment, review.Markdown, pullRequest),
            cancellationToken,
            environment: variables).ConfigureAwait(false);
        log(outcome.Action == CommentAction.Skipped ? $"WARNING: {outcome.Message}" : outcome.Message);
    }
}

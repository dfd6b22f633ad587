using MlflowDeploy.Iam;
using MlflowDeploy.Environments;
using MlflowDeploy.GitHub;
using MlflowDeploy.Review;

namespace MlflowDeploy.Stages;

/// <summary>
/// Plans into the plan file, then reviews it: a redacted JSON, the summary (console, Markdown, JSON), the manifest
/// that Apply checks, the step summary and the PR comment where the run has a pull request.
/// </summary>
[RunsAs(PipelineRole.Plan)]
public static class PlanStage
{
    public static async Task<PlanReviewResult> RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var terraform = await context.InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        var planFile = context.PlanFile;
        Directory.CreateDirectory(Path.GetDirectoryName(planFile)!);

        // A failed plan must not leave an older, reviewed-looking plan (or terraform's errored one) behind.
        var manifest = ArtifactLayout.ManifestFor(planFile);
        File.Delete(manifest);
        File.Delete(planFile);
        try
        {
            await terraform.PlanAsync(planFile, destroy: false, cancellationToken, takeLock: context.Parameters.PlanLock).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(planFile);
            throw;
        }

        var planText = await terraform.ShowTextAsync(planFile, cancellationToken).ConfigureAwait(false);
        var review = await terraform.ReadPlanJsonAsync(
            planFile,
            (json, token) => PlanReview.ReviewAsync(
                new PlanReviewInput
                {
                    Environment = context.Environment.Name,
                    PlanJsonPath = json,
                    PlanText = planText,
                    Artifacts = context.Artifacts,
                    RepositoryRoot = context.Parameters.RepositoryRoot,
                },
                token),
            cancellationToken).ConfigureAwait(false);
        await PlanManifest.WriteAsync(
            new PlanManifestInput
            {
                PlanFile = planFile,
                Environment = context.Environment.Name,
                TerraformVersion = await terraform.VersionAsync(cancellationToken).ConfigureAwait(false),
                VarFiles = [terraform.VarFileArgument],
                RepositoryDirectory = context.Parameters.RepositoryRoot,
            },
            cancellationToken).ConfigureAwait(false);

        context.Log(review.ConsoleText);
        context.Log($"written: {string.Join(", ", new[] { planFile, manifest, review.MarkdownPath, review.SummaryJsonPath, review.RedactedPlanJsonPath }.Select(context.Relative))}");
        await PlanPublication.PublishAsync(review, context.Environment.Name, context.Parameters.PullRequest, context.Log, cancellationToken).ConfigureAwait(false);
        return review;
    }
}

using MlflowDeploy.Environments;
using MlflowDeploy.GitHub;
using MlflowDeploy.Preflight;
using MlflowDeploy.Review;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// The plan Plan and Restore both make: variable overrides checked against infra/ before terraform starts, the plan
/// into the plan file, then its review — a redacted JSON, the summary (console, Markdown, JSON) with the overrides,
/// the manifest that Apply checks, the step summary and the PR comment where the run has a pull request.
/// </summary>
public static class ReviewedPlan
{
    /// <param name="overrides">Variables set on top of the environment's tfvars for this plan only.</param>
    /// <param name="replace">Addresses to replace whatever their attributes say (Restore's database).</param>
    /// <param name="setByStage">The caller is the stage that owns a variable of <see cref="VarOverrideCheck.SetByStage"/>.</param>
    public static async Task<PlanReviewResult> MakeAsync(
        PipelineContext context, IReadOnlyList<VarOverride> overrides, IReadOnlyList<string> replace, bool setByStage, CancellationToken cancellationToken)
    {
        // Before anything starts: a mistyped or unsettable name is one line.
        var resolved = VarOverrideCheck.Resolve(overrides, DeclaredVariables.Read(context.Environment.InfraDirectory), setByStage);
        var terraform = await context.InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        if (context.Parameters.PlanLock)
        {
            // Only a plan that takes the lock would wait on a held one; a lock-free plan never does.
            await StateLockGuard.RefuseIfHeldAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var planFile = context.PlanFile;
        Directory.CreateDirectory(Path.GetDirectoryName(planFile)!);

        // A failed plan must not leave an older, reviewed-looking plan (or terraform's errored one) behind, nor the
        // record of a restore that this plan replaces.
        var manifest = ArtifactLayout.ManifestFor(planFile);
        File.Delete(manifest);
        File.Delete(planFile);
        File.Delete(context.Artifacts.RestoreRecord);
        using (var overrideFile = resolved.Count > 0 ? OverrideVarFile.FromArguments(resolved) : null)
        {
            try
            {
                await terraform.PlanAsync(planFile, destroy: false, cancellationToken, new PlanOptions { OverrideVarFile = overrideFile?.Path, Replace = replace, TakeLock = context.Parameters.PlanLock })
                    .ConfigureAwait(false);
            }
            catch
            {
                File.Delete(planFile);
                throw;
            }
        }

        // The text and the JSON each take terraform a few seconds of loading the provider's schema: side by side.
        var showingText = terraform.ShowTextAsync(planFile, cancellationToken);
        var overrideNames = resolved.Select(r => r.Override.Name).ToList();
        PlanReviewResult review;
        IReadOnlyDictionary<string, System.Text.Json.JsonElement> overrideValues;
        try
        {
            (review, overrideValues) = await terraform.ReadPlanJsonAsync(
                planFile,
                async (json, token) => (
                    await PlanReview.ReviewAsync(
                        new PlanReviewInput
                        {
                            Environment = context.Environment.Name,
                            PlanJsonPath = json,
                            PlanText = await showingText.ConfigureAwait(false),
                            Artifacts = context.Artifacts,
                            RepositoryRoot = context.Parameters.RepositoryRoot,
                            Overrides = resolved.Select(r => PlanOverride.Of(r.Override, r.Variable)).ToList(),
                        },
                        token).ConfigureAwait(false),
                    await PlanVariableValues.ReadAsync(json, overrideNames, token).ConfigureAwait(false)),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The JSON side failed first: the text's terraform still ends (or hits its deadline) before the failure is reported.
            await showingText.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        var manifestWritten = await PlanManifest.WriteAsync(
            new PlanManifestInput
            {
                PlanFile = planFile,
                Environment = context.Environment.Name,
                TerraformVersion = await terraform.VersionAsync(cancellationToken).ConfigureAwait(false),
                VarFiles = [terraform.VarFileArgument],
                VarOverrides = overrideNames,
                RepositoryDirectory = context.Parameters.RepositoryRoot,
            },
            cancellationToken).ConfigureAwait(false);
        context.RememberPlanGateReading(new PlanGateReading(manifestWritten.Sha256, review.Summary, overrideValues));

        context.Log(review.ConsoleText);
        context.Log($"written: {string.Join(", ", new[] { planFile, manifest, review.MarkdownPath, review.SummaryJsonPath, review.RedactedPlanJsonPath }.Select(context.Relative))}");
        await PlanPublication.PublishAsync(review, context.Environment.Name, context.Parameters.PullRequest, context.Log, cancellationToken).ConfigureAwait(false);
        return review;
    }
}

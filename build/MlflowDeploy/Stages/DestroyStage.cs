using MlflowDeploy.Iam;
using MlflowDeploy.Teardown;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// Destroys the environment. Outside the emulator it needs a typed confirmation and keeps the artifact bucket
/// (<see cref="ArtifactBucketRetention"/>). It plans first and refuses, before anything changes, what AWS would refuse
/// halfway (<see cref="DestroyBlockers"/>); then it applies exactly that plan. Afterwards nothing may be left in the state.
/// </summary>
[RunsAs(PipelineRole.Deploy)]
public static class DestroyStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var environment = context.Environment;
        if (!environment.UsesEmulator && !string.Equals(context.Parameters.Confirm, environment.Name, StringComparison.Ordinal))
        {
            throw new ActionableError(
                $"Destroy of '{environment.Name}' needs a typed confirmation — re-run with --confirm={environment.Name}",
                exitCode: 2);
        }

        var terraform = await context.InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        await StateLockGuard.RefuseIfHeldAsync(context, cancellationToken).ConfigureAwait(false);
        var managed = (await terraform.StateListAsync(cancellationToken).ConfigureAwait(false)).Where(a => !a.StartsWith("data.", StringComparison.Ordinal)).ToList();
        var kept = environment.UsesEmulator ? [] : ArtifactBucketRetention.KeptAddresses(managed);
        // Keeping resources out of a destroy means naming every other one: -target takes them and what depends on them.
        var targets = kept.Count == 0 ? [] : managed.Except(kept, StringComparer.Ordinal).ToList();

        var keptBucket = kept.Count == 0 ? "" : await ArtifactBucketRetention.BucketAsync(terraform, cancellationToken).ConfigureAwait(false);
        if (kept.Count == 0 || targets.Count > 0)
        {
            await DestroyAsync(context, terraform, kept, keptBucket, targets, cancellationToken).ConfigureAwait(false);
        }

        if (kept.Count > 0)
        {
            await ArtifactBucketRetention.ForgetAsync(terraform, kept, keptBucket, context.Log, cancellationToken).ConfigureAwait(false);
        }

        var left = (await terraform.StateListAsync(cancellationToken).ConfigureAwait(false)).Where(a => !a.StartsWith("data.", StringComparison.Ordinal)).ToList();
        if (left.Count > 0)
        {
            throw new ActionableError($"destroy left {left.Count} resource(s) in state: {string.Join(", ", left.Take(5))}");
        }

        context.Log("state is empty: nothing is left");
    }

    /// <summary>Plans the destroy, refuses it if AWS would refuse part of it, and applies exactly that plan.</summary>
    private static async Task DestroyAsync(
        PipelineContext context, TerraformWorkspace terraform, IReadOnlyList<string> kept, string keptBucket, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        var environment = context.Environment;
        var planFile = context.Artifacts.DestroyPlanFile;
        try
        {
            await terraform.PlanDestroyAsync(planFile, targets, cancellationToken).ConfigureAwait(false);
            var plan = await terraform.ReadPlanJsonAsync(planFile, DestroyPlan.ReadAsync, cancellationToken).ConfigureAwait(false);
            using (var aws = await context.AwsAsync(context.Region, cancellationToken).ConfigureAwait(false))
            {
                var blockers = await DestroyBlockers.FindAsync(plan, kept, aws, cancellationToken).ConfigureAwait(false);
                if (blockers.Count > 0)
                {
                    throw new ActionableError($"Destroy of '{environment.Name}' refused before anything changed: {string.Join("; ", blockers)}");
                }
            }

            context.Log($"destroy plan: {plan.Deletions.Count} resource(s) to delete"
                + (kept.Count > 0 ? $"; kept out of it: the artifact bucket {keptBucket} ({kept.Count} resource(s))" : string.Empty)
                + "; nothing in it that AWS would refuse");
            try
            {
                await terraform.ApplyAsync(planFile, cancellationToken).ConfigureAwait(false);
            }
            catch (ActionableError failure) when (kept.Count > 0)
            {
                throw new ActionableError($"{failure.Message} — the artifact bucket {keptBucket} is still in the state; fix the cause and run Destroy again", failure.ExitCode);
            }
        }
        finally
        {
            File.Delete(planFile);
        }
    }
}

using System.Text.Json;
using MlflowDeploy.Iam;
using MlflowDeploy.Local;
using MlflowDeploy.Review;
using MlflowDeploy.DeploymentStatus;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// Applies exactly the reviewed plan: the manifest must match the file, and a plan that destroys or replaces
/// stateful resources needs --allow-data-loss. The gate reads the plan file itself, not a summary written
/// earlier, so what is checked is what terraform will do (in a run whose Plan wrote these same bytes, what that Plan
/// read from them: <see cref="PipelineContext.PlanGateReadingOf"/>). After the apply the deploy is recorded on the ECS
/// service (<see cref="DeployRecord"/>, read by Status) with the release it applied (<see cref="ReleaseHistory"/>, read by
/// Rollback), and every apply ends with the <see cref="CleanPlanCheck"/>,
/// made with the same variable overrides as the plan it applied.
/// </summary>
[RunsAs(PipelineRole.Deploy)]
public static class ApplyStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var planFile = context.PlanFile;
        // Before anything is started: a plan that is not the reviewed one stops here.
        var manifest = await PlanManifest.VerifyAsync(planFile, context.Environment.Name, cancellationToken).ConfigureAwait(false);
        var terraform = await context.InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        await StateLockGuard.RefuseIfHeldAsync(context, cancellationToken).ConfigureAwait(false);
        var reading = context.PlanGateReadingOf(manifest.Sha256)
            ?? await terraform.ReadPlanJsonAsync(
                planFile,
                (json, token) => PlanGateReading.ReadAsync(manifest.Sha256, json, manifest.VarOverrides, token),
                cancellationToken).ConfigureAwait(false);
        var accepted = DataLossGate.Enforce(reading.Summary, context.Parameters.AllowDataLoss);
        if (accepted.Count > 0)
        {
            context.Log($"WARNING: --allow-data-loss given; accepting the loss of {DataLossGate.Describe(accepted)}");
        }

        if (manifest.VarOverrides.Count > 0)
        {
            context.Log($"the plan was made with {string.Join(", ", manifest.VarOverrides)} set on top of the tfvars; they are in the saved plan, and the plan after apply repeats them");
        }

        await terraform.ApplyAsync(planFile, cancellationToken).ConfigureAwait(false);
        var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
        using var aws = await context.AwsAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
        // Before the clean-plan check, so that each apply also proves the record's tags are not drift.
        await DeployRecord.WriteAsync(DeployRecord.Of(manifest, DateTimeOffset.UtcNow), outputs, aws.Ecs, context.Log, cancellationToken).ConfigureAwait(false);
        await ReleaseHistory.RecordAsync(outputs, aws.Ecs, context.Log, cancellationToken).ConfigureAwait(false);
        await ReplanAsync(context, terraform, reading.OverrideValues, cancellationToken).ConfigureAwait(false);

        if (context.EmulatorEndpoint is { } emulator)
        {
            // The emulator runs no containers: tasks, targets and start-up lines are simulated so that Verify has a service to look at.
            using var emulatorAws = await context.EmulatorServicesAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
            await FargateStandIn.StartAsync(outputs, emulatorAws, emulator, context.Log, cancellationToken, context.Tfvars.GetInt("gunicorn_workers") ?? 2).ConfigureAwait(false);
        }
    }

    private static async Task ReplanAsync(
        PipelineContext context, TerraformWorkspace terraform, IReadOnlyDictionary<string, JsonElement> overrides, CancellationToken cancellationToken)
    {
        using var overrideFile = overrides.Count > 0 ? OverrideVarFile.FromPlanValues(overrides) : null;
        await CleanPlanCheck.RunAsync(
            terraform,
            context.Artifacts.ReplanFile,
            PlanChangeAllowList.Read(context.Environment.InfraDirectory),
            context.Log,
            cancellationToken,
            new PlanOptions { OverrideVarFile = overrideFile?.Path }).ConfigureAwait(false);
    }
}

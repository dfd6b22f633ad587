using MlflowDeploy.Iam;
using MlflowDeploy.Local;
using MlflowDeploy.Review;

namespace MlflowDeploy.Stages;

/// <summary>
/// Applies exactly the reviewed plan: the manifest must match the file, and a plan that destroys or replaces
/// stateful resources needs --allow-data-loss. The gate reads the plan file itself, not a summary written
/// earlier, so what is checked is what terraform will do. Every apply ends with the <see cref="CleanPlanCheck"/>.
/// </summary>
[RunsAs(PipelineRole.Deploy)]
public static class ApplyStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var planFile = context.PlanFile;
        // Before anything is started: a plan that is not the reviewed one stops here.
        await PlanManifest.VerifyAsync(planFile, context.Environment.Name, cancellationToken).ConfigureAwait(false);
        var terraform = await context.InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        var summary = await terraform.ReadPlanJsonAsync(planFile, PlanSummaryReader.ReadAsync, cancellationToken).ConfigureAwait(false);
        var accepted = DataLossGate.Enforce(summary, context.Parameters.AllowDataLoss);
        if (accepted.Count > 0)
        {
            context.Log($"WARNING: --allow-data-loss given; accepting the loss of {DataLossGate.Describe(accepted)}");
        }

        await terraform.ApplyAsync(planFile, cancellationToken).ConfigureAwait(false);
        await CleanPlanCheck.RunAsync(terraform, context.Artifacts.ReplanFile, PlanChangeAllowList.Read(context.Environment.InfraDirectory), context.Log, cancellationToken)
            .ConfigureAwait(false);

        if (context.EmulatorEndpoint is { } emulator)
        {
            // The emulator runs no containers: tasks, targets and start-up lines are simulated so that Verify has a service to look at.
            var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
            using var aws = await context.EmulatorServicesAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
            await FargateStandIn.StartAsync(outputs, aws, emulator, context.Log, cancellationToken, context.Tfvars.GetInt("gunicorn_workers") ?? 2).ConfigureAwait(false);
        }
    }
}

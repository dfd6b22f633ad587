using MlflowDeploy.Iam;
using MlflowDeploy.Preflight;

namespace MlflowDeploy.Stages;

/// <summary>
/// Validate: static checks, the account preflight and the container configuration, in that order, stopping at
/// the first group that fails; then what the account holds under the stack's tags outside the state (what an
/// interrupted run may have left). Nothing is created.
/// </summary>
[RunsAs(PipelineRole.Plan)]
public static class ValidateStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var terraform = await context.TerraformAsync(cancellationToken).ConfigureAwait(false);
        await EnvironmentPreflight.RunAsync(terraform, new PreflightOptions { AgainstEmulator = context.Environment.UsesEmulator }, context.Log, cancellationToken)
            .ConfigureAwait(false);
        var orphans = await OrphanListing.ReportAsync(context, cancellationToken).ConfigureAwait(false);
        OrphanListing.ThrowIfApplyWouldFail(orphans);
    }
}

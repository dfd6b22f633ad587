using MlflowDeploy.DeploymentStatus;
using MlflowDeploy.Iam;

namespace MlflowDeploy.Stages;

/// <summary>
/// Goes back to the release before the running one, as the ECS service's <see cref="ReleaseHistory"/> records it
/// (every Apply writes it; CI runners keep nothing): a reviewed plan with that release's <c>mlflow_version</c> and image
/// as <c>--var</c> overrides (summary, manifest, PR comment), then Apply's own path — the manifest check, the data-loss
/// gate, the init hook, the deploy record and the clean plan after it. <c>--plan-only</c> stops after the plan, so
/// that an approval can sit between it and <c>--target=Apply</c>. It refuses before planning, in one line, when a
/// schema migration ran since that release (naming the snapshot to restore instead) or when the history does not
/// match the state. The tfvars still name the newer release: the next Plan goes forward again unless a commit reverts it.
/// </summary>
[RunsAs(PipelineRole.Deploy)]
public static class RollbackStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        if (context.Parameters.VarOverrides.Count > 0)
        {
            throw new ActionableError(
                $"Rollback sets its own variables (mlflow_version and the image) and takes no --var ({string.Join(", ", context.Parameters.VarOverrides)}) — roll back first, then plan other changes with --target=Plan",
                exitCode: 2);
        }

        var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
        RollbackTarget target;
        using (var aws = await context.AwsAsync(outputs.Region, cancellationToken).ConfigureAwait(false))
        {
            var service = await aws.Ecs.DescribeServiceAsync(outputs.ClusterName, outputs.ServiceName, cancellationToken).ConfigureAwait(false)
                ?? throw new ActionableError($"Rollback refused: ECS service '{outputs.ServiceName}' is missing from cluster '{outputs.ClusterName}' — there is no deployment to roll back (run Status)", exitCode: 2);
            target = RollbackTarget.Choose(ReleaseHistory.FromTags(service.Tags), Release.Of(outputs), outputs.ImageRepositoryUrl, context.Environment.Name);
        }

        context.Log($"rollback of {outputs.ServiceName}: from {target.From} to the previous release {target.To}; no schema migration recorded since it");
        context.Log($"planned with {string.Join(", ", target.Overrides.Select(o => $"{o.Name}={o.Value}"))} on top of the tfvars; they still name {target.From.MlflowVersion} — revert that change in git, or the next Plan goes forward again");
        await ReviewedPlan.MakeAsync(context, target.Overrides, replace: [], setByStage: false, cancellationToken).ConfigureAwait(false);
        if (context.Parameters.PlanOnly)
        {
            context.Log($"--plan-only: the rollback is planned, not applied — apply it with ./build.sh --target=Apply --environment={context.Environment.Name}");
            return;
        }

        await ApplyStage.RunAsync(context, cancellationToken).ConfigureAwait(false);
        context.Log($"rolled back to {target.To}; run Verify to check the service");
    }
}

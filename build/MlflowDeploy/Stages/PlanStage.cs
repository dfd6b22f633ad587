using MlflowDeploy.Iam;
using MlflowDeploy.Review;

namespace MlflowDeploy.Stages;

/// <summary>
/// Plans into the plan file, with the run's <c>--var</c> overrides (and a stage's, <see cref="PipelineContext.PlanOverrides"/>), then reviews it (<see cref="ReviewedPlan"/>):
/// the summary says what was overridden, the manifest names the overridden variables.
/// </summary>
[RunsAs(PipelineRole.Plan)]
public static class PlanStage
{
    public static Task<PlanReviewResult> RunAsync(PipelineContext context, CancellationToken cancellationToken) =>
        ReviewedPlan.MakeAsync(context, context.PlanOverrides, replace: [], setByStage: false, cancellationToken);
}

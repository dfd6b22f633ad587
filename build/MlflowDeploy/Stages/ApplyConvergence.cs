using MlflowDeploy.Review;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// Re-plans after apply: a provider's read-back that differs from what was sent shows up as changes. Those are
/// applied once and listed, and the plan after that must be clean.
/// </summary>
public static class ApplyConvergence
{
    public static async Task ConvergeAsync(TerraformWorkspace terraform, string replan, Action<string> log, CancellationToken cancellationToken)
    {
        try
        {
            if (!await terraform.PlanAsync(replan, destroy: false, cancellationToken).ConfigureAwait(false))
            {
                log("second plan: no changes — the apply converged");
                return;
            }

            foreach (var drift in await terraform.ReadPlanJsonAsync(replan, ChangedAttributes.ReadAsync, cancellationToken).ConfigureAwait(false))
            {
                log($"WARNING: read back differently after apply: {drift}");
            }

            log("WARNING: the plan after apply is not clean; applying it once more to converge");
            await terraform.ApplyAsync(replan, cancellationToken).ConfigureAwait(false);
            if (await terraform.PlanAsync(replan, destroy: false, cancellationToken).ConfigureAwait(false))
            {
                throw new ActionableError("the plan still shows changes after a converging re-apply — the configuration does not converge; see the plan above");
            }

            log("third plan: no changes — converged after one re-apply");
        }
        finally
        {
            File.Delete(replan);
        }
    }
}

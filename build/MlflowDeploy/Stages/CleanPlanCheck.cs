using MlflowDeploy.Review;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// After an apply the configuration must converge: the very next plan is empty, or shows only what the allow list
/// expects with a reason. Anything else fails, naming each resource and attribute, because a stack that changes on
/// every plan hides real drift and makes every review noisy. Nothing is re-applied to make it pass.
/// </summary>
public static class CleanPlanCheck
{
    /// <param name="options">The overrides of the plan just applied: without them the replan would undo what they set.</param>
    public static async Task RunAsync(
        TerraformWorkspace terraform, string replanFile, PlanChangeAllowList allowed, Action<string> log, CancellationToken cancellationToken, PlanOptions? options = null)
    {
        try
        {
            if (!await terraform.PlanAsync(replanFile, destroy: false, cancellationToken, options).ConfigureAwait(false))
            {
                log("plan after apply: no changes — the apply converged");
                return;
            }

            var changes = await terraform.ReadPlanJsonAsync(replanFile, PlanChanges.ReadAsync, cancellationToken).ConfigureAwait(false);
            var unexpected = new List<ResourceChange>();
            foreach (var change in changes)
            {
                if (allowed.ReasonFor(change) is { } reason)
                {
                    log($"plan after apply: expected: {change} — {reason}");
                }
                else
                {
                    unexpected.Add(change);
                }
            }

            if (unexpected.Count == 0)
            {
                log("plan after apply: only the expected changes above — the apply converged");
                return;
            }

            foreach (var change in unexpected)
            {
                log($"  would change again: {change}");
            }

            throw new ActionableError(
                $"the plan right after apply is not empty: {unexpected.Count} resource(s) would change again ({string.Join("; ", unexpected.Take(3))}{(unexpected.Count > 3 ? "; …" : string.Empty)}) — "
                + $"the configuration does not converge; fix it, or list the change with its reason in infra/{PlanChangeAllowList.FileName}");
        }
        finally
        {
            File.Delete(replanFile);
        }
    }
}

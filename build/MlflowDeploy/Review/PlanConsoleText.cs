using System.Text;
using MlflowDeploy.Cost;

namespace MlflowDeploy.Review;

/// <summary>The plain-text summary the Plan task prints: counts, the data-loss warning, then resources by action.</summary>
public static class PlanConsoleText
{
    public static string Render(string environment, PlanSummary summary, int maxResources = 200)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        var status = PlanStatusText.Of(summary);
        if (status == PlanStatus.NoChanges)
        {
            text.Append($"{environment}: no changes — infrastructure matches the configuration.\n");
        }
        else
        {
            text.Append($"{environment}: {summary.CountsLine()}\n");
        }
        if (summary.OverridesLine() is { } overrides)
        {
            text.Append(overrides).Append('\n');
        }
        if (summary.Errored)
        {
            text.Append("✗ terraform reported the plan as errored; it cannot be applied.\n");
        }
        if (summary.HasDataLoss)
        {
            text.Append($"⚠ DATA LOSS: {DataLossGate.Describe(summary.DataLoss)}\n");
            text.Append("  Apply refuses this plan unless run with --allow-data-loss.\n");
        }
        var shown = 0;
        foreach (var group in summary.ByAction())
        {
            foreach (var resource in group)
            {
                if (shown++ >= maxResources)
                {
                    break;
                }
                text.Append($"  {group.Key.Symbol(),-3} {resource.Address}");
                if (resource.ReplaceAttributes.Count > 0)
                {
                    text.Append($"  (forced by {string.Join(", ", resource.ReplaceAttributes)})");
                }
                text.Append('\n');
            }
        }
        if (summary.Resources.Count > maxResources)
        {
            text.Append($"  … and {summary.Resources.Count - maxResources} more (see plan-summary.md)\n");
        }
        if (summary.ChangedOutputs.Count > 0)
        {
            text.Append($"Outputs changing: {string.Join(", ", summary.ChangedOutputs)}\n");
        }
        if (summary.Drift.Count > 0)
        {
            text.Append($"Changed outside Terraform: {string.Join(", ", summary.Drift.Take(20).Select(d => d.Address))}");
            text.Append(summary.Drift.Count > 20 ? $" … and {summary.Drift.Count - 20} more\n" : "\n");
        }
        if (summary.Cost is { } cost)
        {
            text.Append(CostConsoleText.Render(cost));
        }
        return text.ToString();
    }
}

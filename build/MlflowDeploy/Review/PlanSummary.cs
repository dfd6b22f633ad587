using MlflowDeploy.Cost;

namespace MlflowDeploy.Review;

/// <summary>
/// What a plan does, as counts and names. Holds no attribute values at all, so every rendering of it is
/// free of secrets by construction.
/// </summary>
public sealed record PlanSummary
{
    public required int ToAdd { get; init; }
    public required int ToChange { get; init; }
    public required int ToDestroy { get; init; }
    public required int ToReplace { get; init; }
    public required int Reads { get; init; }
    public required int NoOps { get; init; }
    public int ToForget { get; init; }

    /// <summary>Every resource the plan touches (no-ops left out), in plan order.</summary>
    public required IReadOnlyList<PlannedResource> Resources { get; init; }

    public required IReadOnlyList<string> ChangedOutputs { get; init; }

    /// <summary>Resources changed outside terraform since the last apply.</summary>
    public required IReadOnlyList<PlannedResource> Drift { get; init; }

    /// <summary>What <see cref="DataLossGate"/> finds in <see cref="Resources"/>: derived, so it cannot disagree with them.</summary>
    public IReadOnlyList<DataLossRisk> DataLoss => DataLossGate.RisksIn(Resources);

    public string? TerraformVersion { get; init; }

    /// <summary>Terraform reported the plan as errored (incomplete); it must not be applied.</summary>
    public bool Errored { get; init; }

    /// <summary>
    /// The estimated monthly cost before and after the plan (<see cref="CostEstimator"/>); null when not estimated.
    /// It holds figures and the few attributes that are priced (sizes, classes), never other attribute values.
    /// </summary>
    public CostEstimate? Cost { get; init; }

    /// <summary>The variables this plan overrides on top of the environment's tfvars; sensitive values are not held.</summary>
    public IReadOnlyList<PlanOverride> Overrides { get; init; } = [];

    /// <summary>
    /// "Overrides (this plan only, on top of the tfvars): desired_count=4, db_password=(sensitive)", or null when the plan
    /// overrides nothing. Not "--var": a stage sets some itself (Restore's snapshot, Rollback's release, the rehearsal's second cycle).
    /// </summary>
    public string? OverridesLine() =>
        Overrides.Count == 0 ? null : $"Overrides ({OverridesScope}): {string.Join(", ", Overrides)}";

    /// <summary>Where the overrides hold, as the console and the Markdown review both say it.</summary>
    public const string OverridesScope = "this plan only, on top of the tfvars";

    public bool HasResourceChanges => ToAdd + ToChange + ToDestroy + ToReplace + ToForget > 0;

    public bool HasChanges => HasResourceChanges || ChangedOutputs.Count > 0;

    public bool HasDataLoss => DataLoss.Count > 0;

    /// <summary>Resources grouped by action, the risky groups first.</summary>
    public IEnumerable<IGrouping<PlanAction, PlannedResource>> ByAction() =>
        Resources.GroupBy(r => r.Action).OrderBy(g => g.Key.DisplayOrder());

    /// <summary>"Plan: 3 to add, 1 to change, 0 to destroy, 1 to replace · 2 reads".</summary>
    public string CountsLine()
    {
        var line = $"Plan: {ToAdd} to add, {ToChange} to change, {ToDestroy} to destroy, {ToReplace} to replace";
        if (ToForget > 0)
        {
            line += $", {ToForget} to forget";
        }
        if (Reads > 0)
        {
            line += $" · {Reads} read{(Reads == 1 ? "" : "s")}";
        }
        return line;
    }
}

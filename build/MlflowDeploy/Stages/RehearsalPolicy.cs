namespace MlflowDeploy.Stages;

/// <summary>
/// The checks a rehearsal adds to the stages it runs. Rehearse sets <see cref="Rehearsal"/> (build/build.cake says so
/// where the task graph is declared); a stage run on its own gets <see cref="SingleStage"/>. The stages never look at
/// the target's name.
/// </summary>
public sealed record RehearsalPolicy
{
    /// <summary>After apply, plan again: read-back differences are applied once and the plan after that must be clean.</summary>
    public bool ConvergeAfterApply { get; init; }

    /// <summary>After destroy, nothing may be left in the state.</summary>
    public bool RequireEmptyStateAfterDestroy { get; init; }

    /// <summary>Verify writes a run to MLflow (an emulated stack's MLflow holds nothing of value).</summary>
    public bool SmokeWrite { get; init; }

    public static RehearsalPolicy SingleStage { get; } = new();

    public static RehearsalPolicy Rehearsal { get; } = new()
    {
        ConvergeAfterApply = true,
        RequireEmptyStateAfterDestroy = true,
        SmokeWrite = true,
    };
}

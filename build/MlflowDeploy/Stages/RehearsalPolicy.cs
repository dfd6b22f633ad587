namespace MlflowDeploy.Stages;

/// <summary>
/// What a rehearsal does differently in the stages it runs. Rehearse sets <see cref="Rehearsal"/> (build/build.cake
/// says so where the task graph is declared); a stage run on its own gets <see cref="SingleStage"/>; the stages never
/// look at the target's name. Only what would be wrong against a real account by default differs: the smoke write
/// into MLflow. The clean plan after apply and the empty state after destroy are checked by every Apply and
/// Destroy, rehearsed or not.
/// </summary>
public sealed record RehearsalPolicy
{
    /// <summary>Verify writes a run to MLflow (an emulated stack's MLflow holds nothing of value).</summary>
    public bool SmokeWrite { get; init; }

    public static RehearsalPolicy SingleStage { get; } = new();

    public static RehearsalPolicy Rehearsal { get; } = new()
    {
        SmokeWrite = true,
    };
}

namespace MlflowDeploy.Preflight;

public enum PreflightStatus
{
    Passed,
    Failed,

    /// <summary>Not checked, with the reason; never counted as a pass (e.g. a call the emulator lacks).</summary>
    Skipped,
}

namespace MlflowDeploy;

/// <summary>The outcome of one check, Validate's and Verify's alike.</summary>
public enum CheckStatus
{
    Pass,
    Warn,
    Fail,

    /// <summary>Not checked, with the reason; never counted as a pass (e.g. a call the emulator lacks).</summary>
    Skip,
}

namespace MlflowDeploy.Verification;

/// <summary>The verdict of a Verify run; its exit code is 0, 1 or 2 in this order.</summary>
public enum VerificationOutcome
{
    /// <summary>No check failed (warnings and skips allowed).</summary>
    Healthy = 0,

    /// <summary>At least one check failed.</summary>
    Unhealthy = 1,

    /// <summary>A check could not look at all (e.g. no AWS access), so health is unknown.</summary>
    CouldNotRun = 2,
}

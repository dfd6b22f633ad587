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

public static class VerificationOutcomeText
{
    /// <summary><c>healthy</c>, <c>unhealthy</c> or <c>could-not-run</c>: the value of verify.json's outcome field.</summary>
    public static string Key(this VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.Healthy => "healthy",
        VerificationOutcome.Unhealthy => "unhealthy",
        _ => "could-not-run",
    };
}

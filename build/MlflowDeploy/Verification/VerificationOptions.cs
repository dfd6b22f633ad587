namespace MlflowDeploy.Verification;

/// <summary>How long Verify waits, how it polls, and what its report must never show.</summary>
public sealed record VerificationOptions
{
    /// <summary>The environment's name, shown in the report.</summary>
    public required string Environment { get; init; }

    /// <summary>The overall deadline (<c>--timeout</c>): a check still pending then fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The wait after the first pending probe; it doubles per probe up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long past the deadline one probe may still run before the runner abandons it. Probes bound their own
    /// calls; this only stops a probe that hangs from holding Verify forever.
    /// </summary>
    public TimeSpan ProbeGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Values masked in every rendered string (MLflow password, token and their encodings).</summary>
    public IReadOnlyCollection<string> Secrets { get; init; } = [];

    /// <summary>Told which checks are still pending and why; the caller prints it.</summary>
    public IProgress<VerificationProgress>? Progress { get; init; }

    /// <summary>Drives deadlines, waits and durations; tests pass a manual clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Spreads the waits so that checks against one load balancer do not poll in lockstep.</summary>
    public Random Jitter { get; init; } = Random.Shared;
}

namespace MlflowDeploy.Verification;

/// <summary>
/// A snapshot while Verify waits. Sent when the set of pending checks or a reason changes, and at least
/// every <see cref="VerificationRunner.Heartbeat"/> while anything is pending. Reasons are already redacted.
/// </summary>
public sealed record VerificationProgress(
    TimeSpan Elapsed,
    TimeSpan Deadline,
    int Finished,
    int Total,
    IReadOnlyList<PendingCheck> Pending)
{
    /// <summary>One line for a console, e.g. <c>[0:42/10:00] 1/3 done | waiting on mlflow.health: unavailable — …</c>.</summary>
    public override string ToString() =>
        $"[{DurationText.Clock(Elapsed)}/{DurationText.Clock(Deadline)}] {Finished}/{Total} done"
        + string.Concat(Pending.Select(p => $" | waiting on {p.Name}: {p.Reason}"));
}

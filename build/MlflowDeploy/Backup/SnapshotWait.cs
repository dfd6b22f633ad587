using MlflowDeploy.Aws;

namespace MlflowDeploy.Backup;

/// <summary>
/// Waits for a DB snapshot to become <c>available</c> under a deadline, with a progress line whenever RDS reports
/// something new (status or percent) and at least every <see cref="QuietProgressEvery"/>. Polls back off from
/// <see cref="FirstPoll"/> to <see cref="MaxPoll"/>.
/// </summary>
public sealed class SnapshotWait(RdsClient rds, TimeProvider? time = null)
{
    public static readonly TimeSpan FirstPoll = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan QuietProgressEvery = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<RdsDbSnapshot> UntilAvailableAsync(string snapshotIdentifier, TimeSpan deadline, Action<string> progress, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var delay = FirstPoll;
        string? last = null;
        var lastShown = started;
        while (true)
        {
            var snapshot = await rds.DescribeDbSnapshotAsync(snapshotIdentifier, cancellationToken).ConfigureAwait(false)
                ?? throw new ActionableError($"snapshot {snapshotIdentifier} disappeared while it was being created — see the instance's events in the RDS console", exitCode: 1);
            var elapsed = _time.GetUtcNow() - started;
            var state = snapshot.PercentProgress is { } percent ? $"{snapshot.Status}, {percent}%" : snapshot.Status;
            if (state != last || _time.GetUtcNow() - lastShown >= QuietProgressEvery || snapshot.IsAvailable)
            {
                progress($"snapshot {snapshotIdentifier}: {state} ({DurationText.Clock(elapsed)})");
                last = state;
                lastShown = _time.GetUtcNow();
            }

            if (snapshot.IsAvailable)
            {
                return snapshot;
            }

            if (snapshot.Status is "failed" or "error" or "incompatible-parameters")
            {
                throw new ActionableError($"snapshot {snapshotIdentifier} ended '{snapshot.Status}' — see the instance's events in the RDS console, then run Snapshot again", exitCode: 1);
            }

            if (elapsed + delay > deadline)
            {
                throw new ActionableError(
                    $"snapshot {snapshotIdentifier} is still '{snapshot.Status}' after {DurationText.Human(elapsed)}, the deadline — RDS goes on creating it; "
                    + "check it in the RDS console, or wait longer with --timeout=60m",
                    exitCode: 1);
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
        }
    }
}

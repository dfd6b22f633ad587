namespace MlflowDeploy.Verification;

/// <summary>
/// Waits between probes of a pending check: doubling from an initial wait up to a cap, each drawn from
/// [half, full] of its nominal value ("equal jitter"), so waits grow but never collapse to zero.
/// </summary>
public sealed class ExponentialBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _cap;
    private readonly Random _random;

    public ExponentialBackoff(TimeSpan initial, TimeSpan cap, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, initial);
        _initial = initial;
        _cap = cap;
        _random = random;
    }

    /// <summary>The wait after the <paramref name="attempt"/>-th pending probe (0-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        var nominal = _initial.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(nominal, _cap.Ticks);
        double fraction;
        lock (_random)
        {
            fraction = 0.5 + (_random.NextDouble() / 2);
        }

        return TimeSpan.FromTicks((long)(capped * fraction));
    }
}

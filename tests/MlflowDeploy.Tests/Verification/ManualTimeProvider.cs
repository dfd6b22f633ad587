namespace MlflowDeploy.Tests.Verification;

/// <summary>
/// A clock that moves only when a test moves it. Timers fire on the test's thread, in due order, with the
/// clock set to each timer's due time, so code waiting on this clock runs deterministically.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;

    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public int ActiveTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }

        while (FireNext(target))
        {
        }

        lock (_lock)
        {
            if (_now < target)
            {
                _now = target;
            }
        }
    }

    /// <summary>Jumps to the earliest timer and fires it; false when no timer is set.</summary>
    public bool AdvanceToNextTimer() => FireNext(DateTimeOffset.MaxValue);

    private bool FireNext(DateTimeOffset limit)
    {
        ManualTimer? timer;
        lock (_lock)
        {
            timer = _timers.Where(t => t.Due <= limit).OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
            if (timer is null)
            {
                return false;
            }

            if (timer.Due > _now)
            {
                _now = timer.Due;
            }

            if (timer.Period > TimeSpan.Zero)
            {
                timer.Due = _now + timer.Period;
            }
            else
            {
                _timers.Remove(timer);
            }
        }

        timer.Fire();
        return true;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public long Sequence { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                Due = owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Sequence = owner._sequence++;
                owner._timers.Add(this);
                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

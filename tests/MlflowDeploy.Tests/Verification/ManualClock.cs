namespace MlflowDeploy.Tests.Verification;

/// <summary>Runs async code against a <see cref="ManualTimeProvider"/> until it finishes, jumping from timer to timer.</summary>
internal static class ManualClock
{
    public static T Drive<T>(ManualTimeProvider time, Func<Task<T>> start, int maxSteps = 100_000)
    {
        // Without a synchronization context, continuations run inline when a timer fires, so each jump
        // leaves the code under test waiting on its next timer: no races, no real sleeping. Only
        // cancellations complete their waiters on the thread pool; the driver then waits for them.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var task = start();
            for (var step = 0; !task.IsCompleted; step++)
            {
                if (step >= maxSteps)
                {
                    throw new InvalidOperationException($"The code under test did not finish within {maxSteps} timer jumps.");
                }

                if (!time.AdvanceToNextTimer())
                {
                    // Continuations after a cancellation run on the thread pool, not inline: give them real time.
                    var waited = System.Diagnostics.Stopwatch.StartNew();
                    while (!task.IsCompleted && time.ActiveTimers == 0)
                    {
                        if (waited.Elapsed > TimeSpan.FromSeconds(20))
                        {
                            throw new InvalidOperationException($"The code under test neither finished nor waits on the clock (step {step}).");
                        }

                        Thread.Sleep(2);
                    }
                }
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}

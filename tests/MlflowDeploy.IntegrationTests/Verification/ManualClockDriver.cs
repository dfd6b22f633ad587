using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

/// <summary>
/// Runs the <see cref="VerificationRunner"/> over real I/O (HTTP to the MLflow double, to moto or to WireMock)
/// on a <see cref="ManualTimeProvider"/>. The clock jumps to the next timer only while the runner has a
/// timer set beside its standing probe limit, that is while a check sleeps between probes, and never while
/// a probe waits for an answer. The report's durations then count the runner's own waits exactly and none
/// of the I/O, so a test can assert them to the tick on any machine.
/// </summary>
internal static class ManualClockDriver
{
    /// <summary>The probe limit (deadline plus grace) that the runner keeps set for the whole run.</summary>
    private const int RunnerStandingTimers = 1;

    /// <summary>A run that neither finishes nor sleeps for this long is stuck; the test fails instead of hanging.</summary>
    private static readonly TimeSpan Stuck = TimeSpan.FromMinutes(2);

    public static VerificationOptions On(this VerificationOptions options, ManualTimeProvider time) => options with { TimeProvider = time };

    public static Task<VerificationReport> RunAsync(ManualTimeProvider time, VerificationOptions options, params IVerificationCheck[] checks) =>
        // Off the test's synchronization context: a timer fired here resumes the runner inline, as in production.
        Task.Run(async () =>
        {
            var run = new VerificationRunner(options.On(time)).RunAsync(checks, CancellationToken.None);
            var idle = 0;
            while (!run.IsCompleted)
            {
                if (time.ActiveTimers > RunnerStandingTimers)
                {
                    time.AdvanceToNextTimer();
                    idle = 0;
                }
                else if (++idle > Stuck.TotalMilliseconds)
                {
                    throw new TimeoutException($"the runner neither finished nor slept for {Stuck} of real time");
                }
                else
                {
                    await Task.WhenAny(run, Task.Delay(1));
                }
            }

            return await run;
        });
}

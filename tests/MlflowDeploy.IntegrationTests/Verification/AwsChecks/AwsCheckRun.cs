using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>
/// Runs checks through the real <see cref="VerificationRunner"/> with short waits, on a manual clock that
/// moves only while the runner sleeps (<see cref="ManualClockDriver"/>): the report's durations are exact.
/// </summary>
internal static class AwsCheckRun
{
    public static VerificationOptions Options(TimeSpan timeout) => new()
    {
        Environment = "test",
        Timeout = timeout,
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
        ProbeGrace = TimeSpan.FromSeconds(10),
    };

    public static Task<VerificationReport> RunAsync(TimeSpan timeout, params IVerificationCheck[] checks) =>
        ManualClockDriver.RunAsync(new ManualTimeProvider(), Options(timeout), checks);

    public static CheckResult Result(this VerificationReport report, string name) => Assert.Single(report.Checks, c => c.Name == name);
}

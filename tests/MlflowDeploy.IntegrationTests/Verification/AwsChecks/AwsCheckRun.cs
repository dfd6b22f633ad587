using System.Diagnostics;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification.AwsChecks;

/// <summary>Runs checks through the real <see cref="VerificationRunner"/> with short waits, and times the run.</summary>
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

    public static async Task<(VerificationReport Report, TimeSpan Elapsed)> RunAsync(TimeSpan timeout, params IVerificationCheck[] checks)
    {
        var clock = Stopwatch.StartNew();
        var report = await new VerificationRunner(Options(timeout)).RunAsync(checks, CancellationToken.None);
        return (report, clock.Elapsed);
    }

    public static CheckResult Result(this VerificationReport report, string name) => Assert.Single(report.Checks, c => c.Name == name);
}

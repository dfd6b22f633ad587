using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

public sealed class ExponentialBackoffTests
{
    [Fact]
    public void Waits_double_from_the_initial_wait_up_to_the_cap_each_jittered_into_half_to_full()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new Random(1));
        double[] nominal = [1, 2, 4, 8, 10, 10, 10];
        for (var attempt = 0; attempt < nominal.Length; attempt++)
        {
            var wait = backoff.Delay(attempt).TotalSeconds;
            Assert.InRange(wait, nominal[attempt] / 2, nominal[attempt]);
        }

        Assert.InRange(backoff.Delay(1000).TotalSeconds, 5, 10);
    }

    [Fact]
    public void Jitter_spreads_the_waits()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new Random(3));
        var waits = Enumerable.Range(0, 20).Select(_ => backoff.Delay(5)).Distinct().Count();
        Assert.True(waits > 10, $"only {waits} distinct waits");
    }
}

namespace MlflowDeploy.Tests.Verification;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Delay_continuation_runs_inside_Advance()
    {
        var time = new ManualTimeProvider();
        var steps = new List<string>();
        async Task Loop()
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
                steps.Add($"{i}@{time.GetUtcNow():ss}");
            }
        }

        var task = Loop();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["0@01", "1@02"], steps);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(task.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_timed_cancellation_cancels_a_waiting_delay_inside_Advance()
    {
        var time = new ManualTimeProvider();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        var delay = Task.Delay(Timeout.InfiniteTimeSpan, time, cts.Token);
        Assert.Equal(1, time.ActiveTimers);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(cts.IsCancellationRequested);
        Assert.True(delay.IsCanceled, delay.Status.ToString());
    }
}

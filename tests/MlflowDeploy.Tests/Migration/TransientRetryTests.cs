using System.Net;
using MlflowDeploy.Migration;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Tests.Verification;

namespace MlflowDeploy.Tests.Migration;

public sealed class TransientRetryTests
{
    private readonly ManualTimeProvider _clock = new();

    private TransientRetry Retry(int attempts = 4) =>
        new(new MigrationRetryPolicy { MaxAttempts = attempts, InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(4) }, _clock);

    private static MlflowRequestException Http(HttpStatusCode status, string? code = null) =>
        new(MlflowFailureKind.HttpError, "POST /x", $"answered {(int)status}", status, code);

    /// <summary>Runs the call, moving the clock on while it waits between attempts.</summary>
    private async Task<(int Calls, Exception? Error)> RunAsync(Func<TransientRetry, Func<CancellationToken, Task>, Task> mode, params Exception?[] outcomes)
    {
        var calls = 0;
        var task = mode(Retry(), _ =>
        {
            var outcome = outcomes[Math.Min(calls++, outcomes.Length - 1)];
            return outcome is null ? Task.CompletedTask : Task.FromException(outcome);
        });
        while (!task.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        try
        {
            await task;
            return (calls, null);
        }
        catch (Exception e)
        {
            return (calls, e);
        }
    }

    private static Task ReplaySafe(TransientRetry retry, Func<CancellationToken, Task> call) => retry.ReplaySafeAsync(call, CancellationToken.None);

    private static Task Once(TransientRetry retry, Func<CancellationToken, Task> call) => retry.OnceAsync(call, CancellationToken.None);

    [Fact]
    public async Task A_replay_safe_call_is_retried_through_5xx_timeouts_and_429_until_it_succeeds()
    {
        var timedOut = new MlflowRequestException(MlflowFailureKind.TimedOut, "GET /x", "no answer");

        var (calls, error) = await RunAsync(ReplaySafe, Http(HttpStatusCode.InternalServerError), timedOut, Http(HttpStatusCode.TooManyRequests), null);

        Assert.Equal((4, null), (calls, error));
    }

    [Fact]
    public async Task The_attempts_are_bounded_and_the_last_failure_is_thrown()
    {
        var (calls, error) = await RunAsync(ReplaySafe, Http(HttpStatusCode.BadGateway));

        Assert.Equal(4, calls);
        Assert.Equal(HttpStatusCode.BadGateway, Assert.IsType<MlflowRequestException>(error).StatusCode);
    }

    [Fact]
    public async Task A_call_that_must_not_repeat_is_retried_only_after_answers_that_mean_not_processed()
    {
        var afterThrottling = await RunAsync(Once, Http(HttpStatusCode.TooManyRequests), Http(HttpStatusCode.ServiceUnavailable), null);
        var afterA500 = await RunAsync(Once, Http(HttpStatusCode.InternalServerError), null);

        Assert.Equal((3, null), (afterThrottling.Calls, afterThrottling.Error));
        Assert.Equal(1, afterA500.Calls);
        Assert.NotNull(afterA500.Error);
    }

    [Fact]
    public async Task Client_errors_are_never_retried()
    {
        var (calls, error) = await RunAsync(ReplaySafe, Http(HttpStatusCode.BadRequest, MlflowErrorCodes.InvalidParameterValue));

        Assert.Equal(1, calls);
        Assert.True(Assert.IsType<MlflowRequestException>(error).Is(MlflowErrorCodes.InvalidParameterValue));
    }

    [Fact]
    public void Waits_double_from_the_first_up_to_the_cap_with_jitter_of_at_most_half()
    {
        var retry = Retry();

        Assert.InRange(retry.Delay(1), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(retry.Delay(2), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(retry.Delay(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
    }
}

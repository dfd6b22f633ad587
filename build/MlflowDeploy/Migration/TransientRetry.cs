using System.Net;
using System.Net.Http;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Migration;

/// <summary>
/// Tries a call again after a failure that waiting may cure: 429, a 5xx answer, a timeout, a lost connection.
/// A write that may have been applied before it failed (a timeout, a 500) is tried again only when replaying it
/// is harmless; other writes are retried only when the server certainly did not process them.
/// </summary>
internal sealed class TransientRetry
{
    private readonly MigrationRetryPolicy _policy;
    private readonly TimeProvider _time;

    public TransientRetry(MigrationRetryPolicy policy, TimeProvider time)
    {
        _policy = policy;
        _time = time;
    }

    public int MaxAttempts => _policy.MaxAttempts;

    /// <summary>A read, or a write whose replay changes nothing (a tag set again, a file uploaded again).</summary>
    public Task<T> ReplaySafeAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        RunAsync(call, IsTransient, cancellationToken);

    public Task ReplaySafeAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(async ct => { await call(ct); return true; }, IsTransient, cancellationToken);

    /// <summary>A write that must not be applied twice: retried only after answers that mean "not processed".</summary>
    public Task<T> OnceAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        RunAsync(call, WasNotProcessed, cancellationToken);

    public Task OnceAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(async ct => { await call(ct); return true; }, WasNotProcessed, cancellationToken);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (1-based): doubling, capped, with jitter in [½, 1].</summary>
    public TimeSpan Delay(int attempt)
    {
        var nominal = _policy.InitialDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(nominal, _policy.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    public Task WaitAsync(int attempt, CancellationToken cancellationToken) => Task.Delay(Delay(attempt), _time, cancellationToken);

    public static bool IsTransient(Exception e) =>
        e is MlflowRequestException m && (m.Kind is MlflowFailureKind.Unreachable or MlflowFailureKind.TimedOut
            || (m.Kind == MlflowFailureKind.HttpError && m.StatusCode is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError));

    /// <summary>429 and 503 are answered before the application runs; a refused connection never reached it.</summary>
    public static bool WasNotProcessed(Exception e) =>
        e is MlflowRequestException m && (m.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            || (m.Kind == MlflowFailureKind.Unreachable && m.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }));

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, Func<Exception, bool> retryable, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (Exception e) when (attempt < _policy.MaxAttempts && retryable(e) && !cancellationToken.IsCancellationRequested)
            {
                await WaitAsync(attempt, cancellationToken);
            }
        }
    }
}

namespace MlflowDeploy.Aws;

/// <summary>
/// How hard an AWS call tries: at most <see cref="MaxAttempts"/> attempts, each under
/// <see cref="RequestTimeout"/>, with full-jitter exponential backoff between them
/// (a random wait in [0, min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> × 2^retry)]).
/// The caller's CancellationToken bounds the whole.
/// </summary>
public sealed record AwsRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan RequestTimeout)
{
    public static AwsRetryPolicy Default { get; } = new(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    /// <summary>The wait before retry number <paramref name="retry"/> (1 = the wait after the first failure).</summary>
    public TimeSpan BackoffBefore(int retry, Random random)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}

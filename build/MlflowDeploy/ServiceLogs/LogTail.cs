using MlflowDeploy.Aws;

namespace MlflowDeploy.ServiceLogs;

/// <summary>
/// Reads a log group's events since a point in time with FilterLogEvents and, when following, keeps polling for new
/// ones: each poll re-reads from <see cref="Overlap"/> before the newest event seen (CloudWatch may index an event
/// after a later one) and drops events already printed, by event id. Polls back off from <see cref="FirstPoll"/> to
/// <see cref="MaxPoll"/> while nothing arrives. Cancellation (Ctrl-C) ends a follow normally.
/// </summary>
public sealed class LogTail(CloudWatchLogsClient logs, TimeProvider? time = null)
{
    public static readonly TimeSpan FirstPoll = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    /// <summary>Pages per read; one read of a busy window stops here and the next poll carries on from where it got.</summary>
    public const int MaxPagesPerRead = 20;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Prints each event once, oldest first; returns how many were printed and whether a read stopped at its page bound.</summary>
    public async Task<LogTailResult> RunAsync(LogQuery query, Action<LogEvent> print, CancellationToken cancellationToken)
    {
        var start = _time.GetUtcNow() - query.Since;
        var seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var newest = start;
        var printed = 0;
        var truncated = false;

        async Task<int> ReadAsync(DateTimeOffset from)
        {
            var result = await logs.FilterLogEventsAsync(
                query.LogGroup, from, null, query.FilterPattern, cancellationToken, MaxPagesPerRead, logStreamNamePrefix: query.StreamPrefix).ConfigureAwait(false);
            truncated |= result.Truncated;
            var fresh = result.Events
                .Where(e => seen.TryAdd(KeyOf(e), e.Timestamp))
                .OrderBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal)
                .ToList();
            foreach (var e in fresh)
            {
                print(e);
                newest = e.Timestamp > newest ? e.Timestamp : newest;
            }

            // Events before the next read's start can't come back; forget them so a long follow stays small.
            var horizon = newest - Overlap;
            foreach (var old in seen.Where(s => s.Value < horizon).Select(s => s.Key).ToList())
            {
                seen.Remove(old);
            }

            printed += fresh.Count;
            return fresh.Count;
        }

        try
        {
            await ReadAsync(start).ConfigureAwait(false);
            if (!query.Follow)
            {
                return new LogTailResult(printed, truncated, Interrupted: false);
            }

            var delay = FirstPoll;
            while (true)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                var from = newest - Overlap < start ? start : newest - Overlap;
                var fresh = await ReadAsync(from).ConfigureAwait(false);
                delay = fresh > 0 ? FirstPoll : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new LogTailResult(printed, truncated, Interrupted: true);
        }
    }

    /// <summary>CloudWatch's event id; an emulator that gives none is keyed by stream, time and text.</summary>
    private static string KeyOf(LogEvent e) => e.EventId ?? $"{e.LogStreamName}\n{e.Timestamp.ToUnixTimeMilliseconds()}\n{e.Message}";
}

/// <param name="Interrupted">The follow ended by cancellation (Ctrl-C), which is its normal end.</param>
public sealed record LogTailResult(int Printed, bool Truncated, bool Interrupted);

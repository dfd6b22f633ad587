using System.Net;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Verification;

/// <summary>
/// Every call Verify made to the MLflow server, across its checks, in order: answered, or failed the way a load
/// balancer fails when a target is missing or broken (502, 503, 504, no connection, no answer in time). It tells
/// "nothing healthy yet" (no call answered) and a load balancer that warmed up (failures only before the first
/// answer) from failures after the server had answered: one blip, or a server that is healthy and failing
/// intermittently. Those two are told apart only once the sample is conclusive: at least <see cref="MinCalls"/>
/// calls over at least <see cref="MinSpan"/>.
/// </summary>
public sealed class MlflowCallSample
{
    public static readonly int DefaultMinCalls = 6;
    public static readonly TimeSpan DefaultMinSpan = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly List<(long At, string? Failure)> _calls = [];
    private readonly Lock _lock = new();

    public MlflowCallSample(TimeProvider? time = null, int? minCalls = null, TimeSpan? minSpan = null)
    {
        _time = time ?? TimeProvider.System;
        MinCalls = minCalls ?? DefaultMinCalls;
        MinSpan = minSpan ?? DefaultMinSpan;
        ArgumentOutOfRangeException.ThrowIfLessThan(MinCalls, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSpan, TimeSpan.Zero);
    }

    public int MinCalls { get; }

    public TimeSpan MinSpan { get; }

    /// <summary>Failures after the first answer that all fall within this window are one blip: half of <see cref="MinSpan"/>.</summary>
    public TimeSpan BlipWindow => MinSpan / 2;

    /// <summary>For <see cref="MlflowClientOptions.Answered"/>: null for an answer, the failure otherwise.</summary>
    public void Record(MlflowRequestException? failure)
    {
        var transient = failure is not null && MlflowFailureProbe.IsTransient(failure) ? Describe(failure) : null;
        lock (_lock)
        {
            _calls.Add((_time.GetTimestamp(), transient));
        }
    }

    public MlflowSampleReading Read()
    {
        lock (_lock)
        {
            var failures = _calls.Where(c => c.Failure is not null).Select(c => c.Failure!).ToList();
            var span = _calls.Count == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_calls[0].At, _calls[^1].At);
            return new MlflowSampleReading(VerdictLocked(span), Rate(_calls.Count, failures), span);
        }
    }

    private MlflowSampleVerdict VerdictLocked(TimeSpan span)
    {
        var firstAnswer = _calls.FindIndex(c => c.Failure is null);
        if (firstAnswer < 0)
        {
            return _calls.Count == 0 ? MlflowSampleVerdict.Healthy : MlflowSampleVerdict.NothingHealthyYet;
        }

        var later = _calls.Skip(firstAnswer).Where(c => c.Failure is not null).ToList();
        if (later.Count == 0)
        {
            return firstAnswer == 0 ? MlflowSampleVerdict.Healthy : MlflowSampleVerdict.WarmedUp;
        }

        if (_calls.Count < MinCalls || span < MinSpan)
        {
            return MlflowSampleVerdict.Sampling;
        }

        // Concurrent checks make the order of calls within one moment arbitrary; time tells a blip from a pattern.
        if (_time.GetElapsedTime(later[0].At, later[^1].At) > BlipWindow)
        {
            return MlflowSampleVerdict.Intermittent;
        }

        return _calls[^1].Failure is null ? MlflowSampleVerdict.Blip : MlflowSampleVerdict.Sampling;
    }

    private static string Rate(int calls, List<string> failures)
    {
        var kinds = failures.GroupBy(f => f, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToList();
        return kinds.Count switch
        {
            0 => $"all {calls} calls answered",
            1 => $"{failures.Count} of {calls} calls {kinds[0].Key}",
            _ => $"{failures.Count} of {calls} calls failed ({string.Join(", ", kinds.Select(k => $"{k.Count()} {k.Key}"))})",
        };
    }

    private static string Describe(MlflowRequestException failure) => failure.Kind switch
    {
        MlflowFailureKind.Unreachable => "could not connect",
        MlflowFailureKind.TimedOut => "got no answer in time",
        _ => failure.StatusCode switch
        {
            HttpStatusCode.BadGateway => "answered 502 Bad Gateway",
            HttpStatusCode.ServiceUnavailable => "answered 503 Service Unavailable",
            HttpStatusCode.GatewayTimeout => "answered 504 Gateway Timeout",
            var status => $"answered {(int?)status}",
        },
    };
}

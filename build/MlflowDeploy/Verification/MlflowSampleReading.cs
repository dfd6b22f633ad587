namespace MlflowDeploy.Verification;

/// <summary>What the call sample shows at one moment, and what that means for a check.</summary>
/// <param name="Verdict">How the server has answered so far.</param>
/// <param name="Rate">The failures among the calls, e.g. "3 of 6 calls answered 502 Bad Gateway".</param>
/// <param name="Span">From the first call to the last.</param>
public sealed record MlflowSampleReading(MlflowSampleVerdict Verdict, string Rate, TimeSpan Span);

public enum MlflowSampleVerdict
{
    /// <summary>Every call was answered.</summary>
    Healthy,

    /// <summary>No call has been answered yet: a load balancer without a healthy target.</summary>
    NothingHealthyYet,

    /// <summary>Failures only until the first answer, none since: the load balancer warmed up.</summary>
    WarmedUp,

    /// <summary>Failures after the server had answered, and the sample is too small to tell a blip from an erratic server.</summary>
    Sampling,

    /// <summary>A conclusive sample whose failures after the first answer fell within one short window, with answers since.</summary>
    Blip,

    /// <summary>A conclusive sample whose failures after the first answer keep coming: healthy and failing intermittently.</summary>
    Intermittent,
}

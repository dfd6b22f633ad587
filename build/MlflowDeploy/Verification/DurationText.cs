namespace MlflowDeploy.Verification;

/// <summary>Durations as people read them in the report and in progress lines.</summary>
internal static class DurationText
{
    /// <summary><c>850 ms</c>, <c>4.2 s</c>, <c>3m 05s</c>.</summary>
    public static string Human(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return $"{Math.Max(0, span.TotalMilliseconds):0} ms";
        }

        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{span.TotalSeconds:0.#} s";
        }

        return $"{(int)span.TotalMinutes}m {span.Seconds:00}s";
    }

    /// <summary><c>0:42</c>, <c>10:00</c>.</summary>
    public static string Clock(TimeSpan span) => $"{(int)span.TotalMinutes}:{span.Seconds:00}";
}

using System.Globalization;

namespace MlflowDeploy;

/// <summary>
/// Durations as people read them, in every message, report and progress line. Invariant culture: a log read
/// on a German runner must not say "4,2 s".
/// </summary>
public static class DurationText
{
    /// <summary><c>850 ms</c>, <c>4.2 s</c>, <c>3m 05s</c>.</summary>
    public static string Human(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalMilliseconds):0} ms");
        }

        if (span < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds:00}s");
    }

    /// <summary><c>0:42</c>, <c>10:00</c>.</summary>
    public static string Clock(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}:{span.Seconds:00}");
}

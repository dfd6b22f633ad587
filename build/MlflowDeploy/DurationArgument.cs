using System.Globalization;

namespace MlflowDeploy;

/// <summary>Durations as people type them on a command line: "600", "90s", "10m", "1h".</summary>
public static class DurationArgument
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        var unit = char.IsDigit(text[^1]) ? 's' : char.ToLowerInvariant(text[^1]);
        var number = char.IsDigit(text[^1]) ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || double.IsInfinity(value))
        {
            return false;
        }

        TimeSpan? parsed = unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => null,
        };
        if (parsed is null || parsed > TimeSpan.FromHours(24))
        {
            return false;
        }

        duration = parsed.Value;
        return true;
    }
}

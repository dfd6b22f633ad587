namespace MlflowDeploy.Preflight;

/// <summary>"Did you mean …?" for a mistyped name: the closest known name within a small edit distance.</summary>
public static class NameSuggestion
{
    public static string? Closest(string name, IEnumerable<string> known)
    {
        // Beyond a third of the name, a "suggestion" is a guess rather than a typo fix.
        var limit = Math.Max(2, name.Length / 3);
        return known
            .Select(k => (Name: k, Distance: Distance(name, k)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance, case-insensitive (a wrong case is a typo too).</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

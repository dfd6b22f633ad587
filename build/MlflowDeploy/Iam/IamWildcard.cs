namespace MlflowDeploy.Iam;

/// <summary>
/// IAM's pattern matching: <c>*</c> is any run of characters, <c>?</c> exactly one, nothing else is special.
/// Actions compare case-insensitively, resources and condition values case-sensitively.
/// </summary>
public static class IamWildcard
{
    public static bool Matches(string pattern, string value, bool ignoreCase = false)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return Match(pattern.AsSpan(), value.AsSpan(), comparison);
    }

    // Iterative glob match with one backtrack point: linear for the patterns policies use.
    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value, StringComparison comparison)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern.Slice(p, 1).Equals(value.Slice(v, 1), comparison)))
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

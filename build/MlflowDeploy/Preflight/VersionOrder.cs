using System.Globalization;

namespace MlflowDeploy.Preflight;

/// <summary>Orders "15.10" after "15.8": numeric per dot-separated part, text where a part is not a number.</summary>
public sealed class VersionOrder : IComparer<string>
{
    public static readonly VersionOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = (x ?? "").Split('.');
        var b = (y ?? "").Split('.');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            if (i >= a.Length) return -1;
            if (i >= b.Length) return 1;
            var numeric = int.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                & int.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var q);
            var order = numeric ? p.CompareTo(q) : string.CompareOrdinal(a[i], b[i]);
            if (order != 0) return order;
        }

        return 0;
    }
}

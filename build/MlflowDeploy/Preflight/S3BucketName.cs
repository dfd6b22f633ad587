using System.Text.RegularExpressions;

namespace MlflowDeploy.Preflight;

/// <summary>S3's general-purpose bucket naming rules, checked before a name is sent anywhere.</summary>
public static partial class S3BucketName
{
    public static bool IsValid(string name) =>
        Shape().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal) && !IpAddress().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+$")]
    private static partial Regex IpAddress();
}

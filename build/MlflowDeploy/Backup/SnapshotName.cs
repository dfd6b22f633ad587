using System.Globalization;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Backup;

/// <summary>
/// A manual snapshot's name: <c>&lt;stack&gt;-&lt;environment&gt;-&lt;UTC yyyyMMdd-HHmmss&gt;</c>, e.g.
/// <c>mlflow-prod-production-20261201-101500</c>, checked against RDS's rules for snapshot identifiers.
/// </summary>
public static partial class SnapshotName
{
    private const int MaxLength = 255;

    public static string For(string stack, string environment, DateTimeOffset at)
    {
        var name = $"{stack}-{environment}-{at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        if (Problem(name) is { } problem)
        {
            throw new ActionableError(
                $"the snapshot name '{name}' (stack name and environment) is not a valid RDS snapshot identifier: {problem} — rename the stack (name in the tfvars)",
                exitCode: 2);
        }

        return name;
    }

    /// <summary>Why RDS would refuse <paramref name="identifier"/>, or null when it would take it.</summary>
    public static string? Problem(string identifier)
    {
        if (identifier.Length is 0 or > MaxLength)
            return $"it must be 1 to {MaxLength} characters";
        if (!char.IsAsciiLetter(identifier[0]))
            return "it must start with a letter";
        if (!Allowed().IsMatch(identifier))
            return "only letters, digits and hyphens are allowed";
        if (identifier.Contains("--", StringComparison.Ordinal) || identifier.EndsWith('-'))
            return "it cannot hold two hyphens in a row or end with one";
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex Allowed();
}

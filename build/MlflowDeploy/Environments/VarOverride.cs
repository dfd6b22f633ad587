using System.Text.RegularExpressions;

namespace MlflowDeploy.Environments;

/// <summary>
/// One <c>--var name=value</c> given to Plan: it overrides the environment's tfvars for that plan only. The value
/// may be a secret, so <see cref="ToString"/> shows the name alone.
/// </summary>
public sealed partial record VarOverride(string Name, string Value)
{
    /// <summary>"desired_count=4" → (desired_count, 4); the value is everything after the first '=' and may be empty.</summary>
    public static VarOverride Parse(string text)
    {
        var equals = text.IndexOf('=');
        var name = equals > 0 ? text[..equals].Trim() : "";
        if (!Identifier().IsMatch(name))
        {
            // The text may hold a value meant for a secret: name only what was typed before any '='.
            var shown = equals >= 0 ? text[..equals] + "=…" : text;
            throw new ActionableError($"--var='{shown}' is not name=value — pass e.g. --var=desired_count=4 (repeat --var for more variables)", exitCode: 2);
        }

        return new VarOverride(name, text[(equals + 1)..]);
    }

    public override string ToString() => Name;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex Identifier();
}

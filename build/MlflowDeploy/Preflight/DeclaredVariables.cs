using System.Text.RegularExpressions;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The input variables the root module declares (<c>variable "x" {</c> in <c>infra/*.tf</c>), with the file and
/// line of each and the few arguments the pipeline acts on: <c>type</c>, <c>sensitive</c> and <c>ephemeral</c>.
/// Terraform itself judges types and validation rules.
/// </summary>
public sealed partial class DeclaredVariables
{
    private readonly Dictionary<string, DeclaredVariable> _variables;

    private DeclaredVariables(Dictionary<string, DeclaredVariable> variables) => _variables = variables;

    public IReadOnlyCollection<string> Names => _variables.Keys;

    public bool Contains(string name) => _variables.ContainsKey(name);

    /// <summary>"variables.tf:190" for a declared variable.</summary>
    public string? LocationOf(string name) => _variables.GetValueOrDefault(name)?.Location;

    /// <summary>The declaration of <paramref name="name"/>, or null when infra/ declares no such variable.</summary>
    public DeclaredVariable? Find(string name) => _variables.GetValueOrDefault(name);

    public static DeclaredVariables Read(string infraDirectory)
    {
        var variables = new Dictionary<string, DeclaredVariable>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(infraDirectory, "*.tf").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Declaration().Match(lines[i]) is not { Success: true } m)
                {
                    continue;
                }

                // A root-level block ends at the first "}" in column 0; nested blocks (validation) are indented.
                string? type = null, stringDefault = null;
                bool sensitive = false, ephemeral = false;
                for (var j = i + 1; j < lines.Length && !lines[j].StartsWith('}'); j++)
                {
                    if (type is null && TypeArgument().Match(lines[j]) is { Success: true } t)
                    {
                        type = t.Groups[1].Value.Trim();
                    }

                    if (stringDefault is null && StringDefaultArgument().Match(lines[j]) is { Success: true } d)
                    {
                        stringDefault = d.Groups[1].Value;
                    }

                    sensitive |= SensitiveArgument().IsMatch(lines[j]);
                    ephemeral |= EphemeralArgument().IsMatch(lines[j]);
                }

                var name = m.Groups[1].Value;
                variables[name] = new DeclaredVariable(name, $"{Path.GetFileName(file)}:{i + 1}", type, sensitive, ephemeral, stringDefault);
            }
        }

        return new DeclaredVariables(variables);
    }

    [GeneratedRegex("""^variable\s+"([A-Za-z_][A-Za-z0-9_-]*)"\s*\{""")]
    private static partial Regex Declaration();

    [GeneratedRegex("""^\s{2}type\s*=\s*(.+?)\s*$""")]
    private static partial Regex TypeArgument();

    [GeneratedRegex("""^\s{2}default\s*=\s*"([^"\\$%]*)"\s*$""")]
    private static partial Regex StringDefaultArgument();

    [GeneratedRegex("""^\s{2}sensitive\s*=\s*true\b""")]
    private static partial Regex SensitiveArgument();

    [GeneratedRegex("""^\s{2}ephemeral\s*=\s*true\b""")]
    private static partial Regex EphemeralArgument();
}

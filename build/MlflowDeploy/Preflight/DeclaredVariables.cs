using System.Text.RegularExpressions;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The input variables the root module declares (<c>variable "x" {</c> in <c>infra/*.tf</c>), with the file and
/// line of each. Only names are read here; terraform itself judges types and validation rules.
/// </summary>
public sealed partial class DeclaredVariables
{
    private readonly Dictionary<string, string> _locations;

    private DeclaredVariables(Dictionary<string, string> locations) => _locations = locations;

    public IReadOnlyCollection<string> Names => _locations.Keys;

    public bool Contains(string name) => _locations.ContainsKey(name);

    /// <summary>"variables.tf:190" for a declared variable.</summary>
    public string? LocationOf(string name) => _locations.GetValueOrDefault(name);

    public static DeclaredVariables Read(string infraDirectory)
    {
        var locations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(infraDirectory, "*.tf").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Declaration().Match(lines[i]) is { Success: true } m)
                {
                    locations[m.Groups[1].Value] = $"{Path.GetFileName(file)}:{i + 1}";
                }
            }
        }

        return new DeclaredVariables(locations);
    }

    [GeneratedRegex("""^variable\s+"([A-Za-z_][A-Za-z0-9_-]*)"\s*\{""")]
    private static partial Regex Declaration();
}

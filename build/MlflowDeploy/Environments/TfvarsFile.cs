using System.Globalization;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Environments;

/// <summary>
/// The top-level <c>name = value</c> settings of a tfvars file that the pipeline itself needs before
/// terraform runs (the region, the desired count). Terraform stays the judge of the whole file.
/// </summary>
public sealed partial class TfvarsFile
{
    private readonly Dictionary<string, string> _values;

    private TfvarsFile(Dictionary<string, string> values) => _values = values;

    public IReadOnlyCollection<string> Names => _values.Keys;

    public static TfvarsFile Read(string path) => Parse(File.ReadAllText(path));

    public static TfvarsFile Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var depth = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw).Trim();
            if (depth == 0 && Assignment().Match(line) is { Success: true } m)
            {
                values[m.Groups[1].Value] = Unquote(m.Groups[2].Value.Trim());
            }

            depth += line.Count(c => c is '{' or '[') - line.Count(c => c is '}' or ']');
        }

        return new TfvarsFile(values);
    }

    public string? GetString(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public int? GetInt(string name) =>
        _values.TryGetValue(name, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static string StripComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"' && (i == 0 || line[i - 1] != '\\'))
            {
                inString = !inString;
            }
            else if (!inString && (line[i] == '#' || (line[i] == '/' && i + 1 < line.Length && line[i + 1] == '/')))
            {
                return line[..i];
            }
        }

        return line;
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(.*)$")]
    private static partial Regex Assignment();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Environments;

/// <summary>
/// The top-level <c>name = value</c> settings of a tfvars file, with where each stands: what the pipeline needs
/// before terraform runs (the region, the desired count) and what Validate checks names against. Terraform
/// stays the judge of the whole file.
/// </summary>
public sealed partial class TfvarsFile
{
    private TfvarsFile(IReadOnlyList<TfvarsAssignment> assignments) => Assignments = assignments;

    /// <summary>Every top-level assignment in file order; keys of nested maps and lists are not among them.</summary>
    public IReadOnlyList<TfvarsAssignment> Assignments { get; }

    public static TfvarsFile Read(string path) => Parse(File.ReadAllText(path));

    public static TfvarsFile Parse(string text)
    {
        var assignments = new List<TfvarsAssignment>();
        var depth = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).Trim();
            if (depth == 0 && Assignment().Match(line) is { Success: true } m)
            {
                assignments.Add(new TfvarsAssignment(m.Groups[1].Value, i + 1, Unquote(m.Groups[2].Value.Trim())));
            }

            // Nested maps and lists span lines; their keys are not variable names.
            depth += line.Count(c => c is '{' or '[') - line.Count(c => c is '}' or ']');
        }

        return new TfvarsFile(assignments);
    }

    public string? GetString(string name) => Assignments.LastOrDefault(a => a.Name == name)?.Value;

    public int? GetInt(string name) =>
        int.TryParse(GetString(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

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

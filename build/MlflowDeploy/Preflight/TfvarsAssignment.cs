using System.Text.RegularExpressions;

namespace MlflowDeploy.Preflight;

/// <summary>One top-level <c>name = …</c> line of a tfvars file, with its 1-based line number.</summary>
public sealed partial record TfvarsAssignment(string Name, int Line)
{
    public static IReadOnlyList<TfvarsAssignment> Read(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<TfvarsAssignment> Parse(string text)
    {
        var found = new List<TfvarsAssignment>();
        var depth = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = WithoutComment(lines[i]).Trim();
            if (depth == 0 && Assignment().Match(line) is { Success: true } m)
            {
                found.Add(new TfvarsAssignment(m.Groups[1].Value, i + 1));
            }

            // Nested maps and lists span lines; their keys are not variable names.
            depth += line.Count(c => c is '{' or '[') - line.Count(c => c is '}' or ']');
        }

        return found;
    }

    private static string WithoutComment(string line)
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

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_-]*)\s*=")]
    private static partial Regex Assignment();
}

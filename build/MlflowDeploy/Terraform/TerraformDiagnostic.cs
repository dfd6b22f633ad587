using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Terraform;

/// <summary>One terraform diagnostic (error or warning) with where it points, from JSON or human output.</summary>
public sealed partial record TerraformDiagnostic(string Severity, string Summary, string Detail, string? File, int? Line, string? Code)
{
    public bool IsError => Severity == "error";

    private const string ProvisionerError = "local-exec provisioner error";

    /// <summary>
    /// "file:line: summary: first line of detail", the form every report of ours uses. A failed provisioner's detail
    /// is "Error running command '…': exit status N. Output: …" with the command's whole output; there the command's
    /// own last line says why (the init hook ends with its one-line failure).
    /// </summary>
    public string OneLine()
    {
        var where = File is null ? string.Empty : Line is null ? $"{File}: " : $"{File}:{Line}: ";
        var subject = VariableName is { } name ? $"variable {name}: " : string.Empty;
        var detail = Summary == ProvisionerError ? LastLine(Detail) : FirstSentence(Detail);
        return detail.Length == 0 ? $"{where}{subject}{Summary}" : $"{where}{subject}{Summary}: {detail}";
    }

    /// <summary>The variable assigned on the offending line, when the diagnostic points into a tfvars file.</summary>
    public string? VariableName =>
        Code is not null && File?.EndsWith(".tfvars", StringComparison.Ordinal) == true && Assignment().Match(Code) is { Success: true } m
            ? m.Groups[1].Value
            : null;

    public static TerraformDiagnostic FromJson(JsonElement diagnostic)
    {
        string? file = null;
        int? line = null;
        if (diagnostic.TryGetProperty("range", out var range))
        {
            file = range.GetProperty("filename").GetString();
            line = range.GetProperty("start").GetProperty("line").GetInt32();
        }

        string? code = diagnostic.TryGetProperty("snippet", out var snippet) && snippet.TryGetProperty("code", out var c)
            ? c.GetString()
            : null;
        return new TerraformDiagnostic(
            diagnostic.GetProperty("severity").GetString() ?? "error",
            diagnostic.GetProperty("summary").GetString() ?? string.Empty,
            diagnostic.TryGetProperty("detail", out var d) ? d.GetString() ?? string.Empty : string.Empty,
            file,
            line,
            code);
    }

    /// <summary>The first "Error:" block of terraform's human output (init, fmt, show, output have no JSON form).</summary>
    public static TerraformDiagnostic? FirstErrorInText(string text)
    {
        var lines = text.Split('\n').Select(Unframe).ToList();
        var start = lines.FindIndex(l => l.StartsWith("Error: ", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        string? file = null;
        int? lineNo = null;
        string? detail = null;
        foreach (var l in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("Error: ", StringComparison.Ordinal)))
        {
            if (Location().Match(l) is { Success: true } loc)
            {
                (file, lineNo) = (loc.Groups[1].Value, int.Parse(loc.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (detail is null && l.Length > 0 && !SnippetLine().IsMatch(l))
            {
                detail = l;
            }
        }

        return new TerraformDiagnostic("error", lines[start]["Error: ".Length..].Trim(), detail ?? string.Empty, file, lineNo, null);
    }

    private static string Unframe(string line) => line.TrimEnd().TrimStart('│', '╷', '╵', ' ').Trim();

    private static string LastLine(string detail) =>
        detail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;

    private static string FirstSentence(string detail) =>
        detail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^on (\S+) line (\d+)")]
    private static partial Regex Location();

    [GeneratedRegex(@"^(\d+:|├|│|\(and )")]
    private static partial Regex SnippetLine();
}

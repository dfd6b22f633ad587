using System.Text.Json;

namespace MlflowDeploy.Terraform;

/// <summary>
/// Reads terraform's machine-readable UI stream (<c>-json</c> on plan, apply and destroy): it shows the
/// human message of each event live and keeps the diagnostics, so failures are reported with file:line
/// instead of being scraped from boxed text.
/// </summary>
public sealed class TerraformJsonLog
{
    private readonly List<TerraformDiagnostic> _diagnostics = [];

    public IReadOnlyList<TerraformDiagnostic> Diagnostics => _diagnostics;

    public TerraformDiagnostic? FirstError => _diagnostics.FirstOrDefault(d => d.IsError);

    /// <summary>The resource operations started and not yet finished, for the report when terraform is stopped.</summary>
    public InFlightOperations Operations { get; } = new();

    /// <summary>The line to show for one event, or null for events with nothing a person needs.</summary>
    public string? Render(string line)
    {
        if (line.Length == 0 || line[0] != '{')
        {
            return line;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            var message = root.TryGetProperty("@message", out var m) ? m.GetString() : null;
            Operations.Observe(type, root);
            switch (type)
            {
                case "version":
                case "outputs": // values of outputs are not for the console; Verify reads them through output -json
                    return null;
                case "diagnostic":
                    var diagnostic = TerraformDiagnostic.FromJson(root.GetProperty("diagnostic"));
                    _diagnostics.Add(diagnostic);
                    return $"{(diagnostic.IsError ? "Error" : "Warning")}: {diagnostic.OneLine()}";
                default:
                    return message;
            }
        }
        catch (JsonException)
        {
            return line;
        }
    }
}

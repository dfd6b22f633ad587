using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlflowDeploy.Verification;

/// <summary>Renders verify.json (schema: verify.schema.json, <c>schemaVersion</c> 1).</summary>
internal static class VerificationReportJson
{
    public const int SchemaVersion = 1;

    /// <summary>The field the nightly report reads (IncidentFindings); its values are <see cref="VerificationOutcomeText.Key"/>.</summary>
    public const string OutcomeField = "outcome";

    public static string Render(VerificationReport report)
    {
        Func<string, string> redact = report.Redactor.Redact;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Keeps non-ASCII text readable; the file is never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("environment", redact(report.Environment));
            json.WriteString("startedAt", report.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("durationMs", (long)report.Duration.TotalMilliseconds);
            json.WriteString(OutcomeField, report.OutcomeText);
            json.WriteNumber("exitCode", report.ExitCode);
            json.WriteStartArray("checks");
            foreach (var check in report.Checks)
            {
                json.WriteStartObject();
                json.WriteString("name", redact(check.Name));
                json.WriteString("status", CheckStatusText.Of(check.Status));
                json.WriteString("detail", redact(check.Detail));
                json.WriteNumber("durationMs", (long)check.Duration.TotalMilliseconds);
                json.WriteStartArray("diagnosis");
                foreach (var line in check.Diagnosis)
                {
                    json.WriteStringValue(redact(line));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}

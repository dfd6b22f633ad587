using System.Globalization;
using System.Text.Json;

namespace MlflowDeploy.Terraform;

/// <summary>
/// A state lock as terraform writes it (the S3 lock object's body, or the local <c>.terraform.tfstate.lock.info</c>):
/// its ID, which operation took it, who (user@host) and when, and the terraform version.
/// </summary>
public sealed record StateLockInfo(string Id, string Operation, string Who, string Version, DateTimeOffset? Created, string Path)
{
    /// <summary>Parses terraform's lock JSON; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static StateLockInfo Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
            var id = Text("ID");
            if (id.Length == 0)
            {
                throw new InvalidDataException("the lock has no ID");
            }

            return new StateLockInfo(
                id,
                Text("Operation"),
                Text("Who"),
                Text("Version"),
                DateTimeOffset.TryParse(Text("Created"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created) ? created : null,
                Text("Path"));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("the lock is not terraform's lock JSON: " + e.Message, e);
        }
    }

    /// <summary>"apply" for terraform's "OperationTypeApply".</summary>
    public string OperationName => Operation.StartsWith("OperationType", StringComparison.Ordinal) ? Operation["OperationType".Length..].ToLowerInvariant() : Operation;

    /// <summary>Who held it, for what, since when and how long ago, e.g. "runner@fv-az12 (terraform 1.11.4 apply) since 2026-11-30 20:51:31 UTC, 6 min ago".</summary>
    public string Describe(DateTimeOffset now) =>
        $"{(Who.Length > 0 ? Who : "an unknown user")} (terraform {Version} {OperationName})"
        + (Created is { } created ? $" since {created.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {Age(now - created)} ago" : ", at an unknown time");

    private static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 90 } => $"{Math.Max(0, (int)age.TotalSeconds)} s",
        { TotalMinutes: < 90 } => $"{(int)age.TotalMinutes} min",
        { TotalHours: < 48 } => $"{(int)age.TotalHours} h",
        _ => $"{(int)age.TotalDays} days",
    };
}

using System.Text.Json;

namespace MlflowDeploy.Iam;

/// <summary>
/// One authorization the emulator granted, as its call recorder wrote it (moto_patches/call_recorder.py):
/// the identity whose policies apply, the action, the resources AWS checks it against, and the condition keys.
/// </summary>
public sealed record RecordedCall(
    string Principal,
    string Caller,
    string Action,
    IReadOnlyList<string> Resources,
    ResourceScope Scope,
    string Region,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Context,
    string? ImpliedBy)
{
    public RequestContext RequestContext => new(Action, Context);

    public static RecordedCall Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("context", out var contextElement) && contextElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var key in contextElement.EnumerateObject())
            {
                context[key.Name] = key.Value.ValueKind == JsonValueKind.Array
                    ? key.Value.EnumerateArray().Select(v => v.ToString()).ToList()
                    : [key.Value.ToString()];
            }
        }

        return new RecordedCall(
            Text(root, "principal"),
            root.TryGetProperty("caller", out var caller) && caller.ValueKind == JsonValueKind.String ? caller.GetString()! : "",
            Text(root, "action"),
            root.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!).ToList(),
            Text(root, "scope") switch
            {
                "arn" => ResourceScope.Arn,
                "any" => ResourceScope.Any,
                "unknown" => ResourceScope.Unknown,
                var other => throw new InvalidDataException($"call record: unknown scope '{other}'"),
            },
            root.TryGetProperty("region", out var region) ? region.GetString() ?? "" : "",
            context,
            root.TryGetProperty("impliedBy", out var implied) && implied.ValueKind == JsonValueKind.String ? implied.GetString() : null);
    }

    private static string Text(JsonElement root, string name) =>
        root.GetProperty(name).GetString() ?? throw new InvalidDataException($"call record: '{name}' is null");
}

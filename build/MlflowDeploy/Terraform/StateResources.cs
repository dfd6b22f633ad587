using System.Globalization;
using System.Text.Json;

namespace MlflowDeploy.Terraform;

/// <summary>
/// The managed resource instances in a state as terraform stores it (<c>state pull</c>, format version 4): address,
/// type, status and attributes. Attributes may hold sensitive values: callers read what they need and show nothing.
/// </summary>
public static class StateResources
{
    public static IEnumerable<StateInstance> Managed(JsonElement state)
    {
        if (!state.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var resource in resources.EnumerateArray())
        {
            if (Text(resource, "mode") != "managed" || !resource.TryGetProperty("instances", out var instances))
            {
                continue;
            }

            var type = Text(resource, "type") ?? "";
            var name = Text(resource, "name") ?? "";
            var module = Text(resource, "module") is { Length: > 0 } m ? m + "." : "";
            foreach (var instance in instances.EnumerateArray())
            {
                var key = instance.TryGetProperty("index_key", out var index) ? index : default;
                var address = module + type + "." + name + key.ValueKind switch
                {
                    JsonValueKind.Number => string.Create(CultureInfo.InvariantCulture, $"[{key.GetInt32()}]"),
                    JsonValueKind.String => $"[\"{key.GetString()}\"]",
                    _ => "",
                };
                yield return new StateInstance(
                    address, type, name, Text(instance, "status"),
                    instance.TryGetProperty("attributes", out var attributes) ? attributes : default);
            }
        }
    }

    /// <summary>A string attribute of the first instance of <c>type.name</c>, or null.</summary>
    public static string? Attribute(JsonElement state, string type, string name, string attribute) =>
        Managed(state).Where(i => i.Type == type && i.Name == name).Select(i => i.Text(attribute)).FirstOrDefault(v => v is not null);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

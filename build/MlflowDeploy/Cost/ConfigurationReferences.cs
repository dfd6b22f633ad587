using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>
/// The resources a few linking attributes refer to in the configuration (an ECS service's task_definition, an
/// autoscaling target's resource_id). Values such as a new task definition's ARN are unknown until apply; the
/// configuration still says which resource they come from.
/// </summary>
public sealed class ConfigurationReferences
{
    /// <summary>The (type, attribute) pairs whose references are kept.</summary>
    private static readonly HashSet<(string Type, string Attribute)> Links =
    [
        ("aws_ecs_service", "task_definition"),
        ("aws_appautoscaling_target", "resource_id"),
    ];

    private readonly Dictionary<(string Address, string Attribute), IReadOnlyList<string>> _references;

    private ConfigurationReferences(Dictionary<(string, string), IReadOnlyList<string>> references) => _references = references;

    public static ConfigurationReferences None { get; } = new([]);

    /// <summary>Resource base addresses that <paramref name="attribute"/> of the resource at <paramref name="baseAddress"/> refers to.</summary>
    public IReadOnlyList<string> Of(string baseAddress, string attribute) =>
        _references.TryGetValue((baseAddress, attribute), out var found) ? found : [];

    /// <summary>Reads the plan's "configuration" value: root_module and, recursively, its module_calls.</summary>
    public static ConfigurationReferences Read(ReadOnlySpan<byte> configuration)
    {
        var found = new Dictionary<(string, string), IReadOnlyList<string>>();
        using var document = JsonDocument.Parse(configuration.ToArray(), new JsonDocumentOptions { MaxDepth = 512 });
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("root_module", out var root))
        {
            ReadModule(root, "", found, depth: 0);
        }
        return new ConfigurationReferences(found);
    }

    private static void ReadModule(JsonElement module, string prefix, Dictionary<(string, string), IReadOnlyList<string>> into, int depth)
    {
        if (module.ValueKind != JsonValueKind.Object || depth > 32)
        {
            return;
        }
        if (module.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var resource in resources.EnumerateArray())
            {
                ReadResource(resource, prefix, into);
            }
        }
        if (module.TryGetProperty("module_calls", out var calls) && calls.ValueKind == JsonValueKind.Object)
        {
            foreach (var call in calls.EnumerateObject())
            {
                if (call.Value.TryGetProperty("module", out var child))
                {
                    ReadModule(child, $"{prefix}module.{call.Name}.", into, depth + 1);
                }
            }
        }
    }

    private static void ReadResource(JsonElement resource, string prefix, Dictionary<(string, string), IReadOnlyList<string>> into)
    {
        if (!resource.TryGetProperty("type", out var typeElement) || !resource.TryGetProperty("address", out var addressElement)
            || !resource.TryGetProperty("expressions", out var expressions) || expressions.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var type = typeElement.GetString() ?? "";
        foreach (var (linkType, attribute) in Links)
        {
            if (linkType != type || !expressions.TryGetProperty(attribute, out var expression)
                || expression.ValueKind != JsonValueKind.Object || !expression.TryGetProperty("references", out var references)
                || references.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            var targets = references.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.String)
                .Select(r => ResourceAddress.ResourceOfReference(r.GetString()!, prefix))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            into[(prefix + addressElement.GetString(), attribute)] = targets;
        }
    }
}

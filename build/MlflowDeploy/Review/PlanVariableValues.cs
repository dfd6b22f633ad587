using System.Text.Json;

namespace MlflowDeploy.Review;

/// <summary>
/// The values a saved plan holds for some of its input variables (<c>variables.&lt;name&gt;.value</c> of terraform's
/// plan JSON), typed as terraform recorded them. They may be secrets: callers pass them on, never print them.
/// </summary>
public static class PlanVariableValues
{
    public static async Task<IReadOnlyDictionary<string, JsonElement>> ReadAsync(string planJsonPath, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return values;
        }

        await using var file = File.OpenRead(planJsonPath);
        using var plan = await JsonDocument.ParseAsync(file, new JsonDocumentOptions { MaxDepth = 256 }, ct).ConfigureAwait(false);
        if (!plan.RootElement.TryGetProperty("variables", out var variables) || variables.ValueKind != JsonValueKind.Object)
        {
            return values;
        }

        foreach (var name in names)
        {
            if (variables.TryGetProperty(name, out var variable) && variable.TryGetProperty("value", out var value))
            {
                values[name] = value.Clone();
            }
        }

        return values;
    }
}

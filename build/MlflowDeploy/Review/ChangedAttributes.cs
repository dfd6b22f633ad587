using System.Text.Json;

namespace MlflowDeploy.Review;

/// <summary>
/// For each in-place update in a plan, the names of the top-level attributes whose values differ. Names only:
/// it is used to list what a provider read back differently after apply, and values may be secret.
/// </summary>
public static class ChangedAttributes
{
    public static async Task<IReadOnlyList<string>> ReadAsync(string planJsonPath, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(planJsonPath);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        if (!document.RootElement.TryGetProperty("resource_changes", out var changes))
        {
            return lines;
        }

        foreach (var change in changes.EnumerateArray())
        {
            var body = change.GetProperty("change");
            var actions = body.GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ToList();
            if (actions is not ["update"])
            {
                continue;
            }

            var names = Differing(body.GetProperty("before"), body.GetProperty("after"), body.TryGetProperty("after_unknown", out var unknown) ? unknown : default);
            lines.Add($"{change.GetProperty("address").GetString()}: {string.Join(", ", names)}");
        }

        return lines;
    }

    private static IEnumerable<string> Differing(JsonElement before, JsonElement after, JsonElement unknown)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in after.EnumerateObject())
        {
            var isUnknown = unknown.ValueKind == JsonValueKind.Object && unknown.TryGetProperty(property.Name, out var u) && u.ValueKind == JsonValueKind.True;
            if (isUnknown || !before.TryGetProperty(property.Name, out var old) || !JsonElement.DeepEquals(old, property.Value))
            {
                names.Add(property.Name);
            }
        }

        return names;
    }
}

using System.Text.Json;

namespace MlflowDeploy.Review;

/// <summary>
/// Every resource a plan would touch (reads and no-ops left out), with the top-level attributes whose values
/// differ. Names only, never values: it lists what would change again after an apply, and values may be secret.
/// </summary>
public static class PlanChanges
{
    public static async Task<IReadOnlyList<ResourceChange>> ReadAsync(string planJsonPath, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(planJsonPath);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var found = new List<ResourceChange>();
        if (!document.RootElement.TryGetProperty("resource_changes", out var changes))
        {
            return found;
        }

        foreach (var change in changes.EnumerateArray())
        {
            var body = change.GetProperty("change");
            var action = PlanActionText.FromTerraform(body.GetProperty("actions").EnumerateArray().Select(a => a.GetString() ?? "").ToList());
            if (action is PlanAction.NoOp or PlanAction.Read)
            {
                continue;
            }

            var attributes = action is PlanAction.Update or PlanAction.Replace
                ? Differing(body.GetProperty("before"), body.GetProperty("after"), body.TryGetProperty("after_unknown", out var unknown) ? unknown : default)
                : [];
            found.Add(new ResourceChange(change.GetProperty("address").GetString() ?? "", action, attributes));
        }

        return found;
    }

    private static IReadOnlyList<string> Differing(JsonElement before, JsonElement after, JsonElement unknown)
    {
        if (before.ValueKind != JsonValueKind.Object || after.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        // An attribute whose value is known only after apply may be missing from "after" altogether.
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in after.EnumerateObject())
        {
            if (!before.TryGetProperty(property.Name, out var old) || !JsonElement.DeepEquals(old, property.Value))
            {
                names.Add(property.Name);
            }
        }

        foreach (var property in before.EnumerateObject())
        {
            if (!after.TryGetProperty(property.Name, out _))
            {
                names.Add(property.Name);
            }
        }

        if (unknown.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in unknown.EnumerateObject().Where(p => HasUnknown(p.Value)))
            {
                names.Add(property.Name);
            }
        }

        return names.ToList();
    }

    /// <summary>after_unknown marks an unknown value with true, at any depth of a map, object or list.</summary>
    private static bool HasUnknown(JsonElement marks) => marks.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Object => marks.EnumerateObject().Any(p => HasUnknown(p.Value)),
        JsonValueKind.Array => marks.EnumerateArray().Any(HasUnknown),
        _ => false,
    };
}

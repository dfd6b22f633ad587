using System.Text.Json;

namespace MlflowDeploy.Teardown;

/// <summary>One resource a destroy plan deletes, with its attributes as the plan's refresh found them.</summary>
public sealed record PlannedDeletion(string Address, string Type, string Name, JsonElement Before)
{
    public bool IsOn(string attribute) => Before.ValueKind == JsonValueKind.Object && Before.TryGetProperty(attribute, out var value) && value.ValueKind == JsonValueKind.True;

    public string? Text(string attribute) =>
        Before.ValueKind == JsonValueKind.Object && Before.TryGetProperty(attribute, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

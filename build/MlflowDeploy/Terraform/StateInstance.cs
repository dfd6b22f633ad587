using System.Text.Json;

namespace MlflowDeploy.Terraform;

/// <summary>One managed resource instance in a state; <see cref="Status"/> is "tainted" for one whose create was cut short.</summary>
public sealed record StateInstance(string Address, string Type, string Name, string? Status, JsonElement Attributes)
{
    public string? Text(string attribute) =>
        Attributes.ValueKind == JsonValueKind.Object && Attributes.TryGetProperty(attribute, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

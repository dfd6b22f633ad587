using System.Globalization;
using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>
/// One resource instance on one side of a plan (before or after), holding only the attributes
/// <see cref="PricedAttributes"/> names for its type. Everything else in the plan is skipped unread, so a
/// state can hold no secret that a price does not depend on.
/// </summary>
public sealed record ResourceState(string Address, string Type, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    /// <summary>The address without instance keys: "aws_subnet.private[0]" → "aws_subnet.private".</summary>
    public string BaseAddress => ResourceAddress.WithoutKeys(Address);

    public string? String(string name) =>
        Attributes.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number, or a string holding one (task definitions keep cpu and memory as strings).</summary>
    public decimal? Number(string name)
    {
        if (!Attributes.TryGetValue(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDecimal(),
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    public bool? Bool(string name) =>
        Attributes.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    /// <summary>The first object of a nested block list such as runtime_platform, or null.</summary>
    public JsonElement? Block(string name) =>
        Attributes.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
            && value[0].ValueKind == JsonValueKind.Object
            ? value[0]
            : null;

    public IEnumerable<JsonElement> Blocks(string name) =>
        Attributes.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList()
            : [];
}

using System.Text.Json;

namespace MlflowDeploy.Cost;

/// <summary>
/// Reads one before/after object of a resource change into a <see cref="ResourceState"/>, keeping only what
/// <see cref="PricedAttributes"/> names for the type, in the form it names; every other attribute is skipped
/// without being decoded.
/// </summary>
internal static class ResourceStateReader
{
    /// <summary>Attribute key under which <see cref="AttributeRead.CountAndWatch"/> keeps the watched strings it met.</summary>
    public const string WatchedSuffix = "#watched";

    /// <summary>At a before/after value: null stays null; an object yields only its priced attributes.</summary>
    public static ResourceState? Read(ref Utf8JsonReader reader, string address, string type)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (PricedAttributes.For(type, name))
            {
                case null:
                    reader.Skip();
                    break;
                case AttributeRead.Value:
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        attributes[name] = JsonElement.ParseValue(ref reader);
                    }
                    break;
                case AttributeRead.Count:
                    if (CountElements(ref reader) is { } count)
                    {
                        attributes[name] = JsonSerializer.SerializeToElement(count);
                    }
                    break;
                case AttributeRead.CountAndWatch:
                    var watched = new List<string>();
                    if (CountElements(ref reader, watched) is { } counted)
                    {
                        attributes[name] = JsonSerializer.SerializeToElement(counted);
                        attributes[name + WatchedSuffix] = JsonSerializer.SerializeToElement(watched);
                    }
                    break;
            }
        }
        return new ResourceState(address, type, attributes);
    }

    /// <summary>At a list: its length; strings inside are compared with the watch list and otherwise dropped.</summary>
    private static int? CountElements(ref Utf8JsonReader reader, List<string>? watched = null)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }
        var depth = reader.CurrentDepth;
        var count = 0;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            if (reader.CurrentDepth == depth + 1 && reader.TokenType != JsonTokenType.EndObject && reader.TokenType != JsonTokenType.EndArray)
            {
                count++;
            }
            if (watched is not null && reader.TokenType == JsonTokenType.String)
            {
                foreach (var name in PricedAttributes.PaidManagedRuleGroups)
                {
                    if (reader.ValueTextEquals(name) && !watched.Contains(name))
                    {
                        watched.Add(name);
                    }
                }
            }
        }
        return count;
    }
}

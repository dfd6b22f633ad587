using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowDeploy.Review;

/// <summary>
/// Writes a copy of <c>terraform show -json</c> output with every sensitive value replaced by "(sensitive)".
/// <para>
/// Why keep a redacted copy rather than none: the JSON plan is what reviewers and policy tools read, and CI
/// uploads the artifacts folder; the raw JSON holds sensitive values in clear (flagged only in the
/// <c>*_sensitive</c> siblings and in the configuration's variable declarations), so it must never be
/// kept. The caller deletes the raw file once this copy exists.
/// </para>
/// <para>
/// Streamed in two passes, because sensitivity is declared after the values it covers: the first pass
/// collects the root module's sensitive variable names from <c>configuration</c> (the last section); the
/// second copies tokens, and only materialises the small units that carry values next to their
/// sensitivity marks (one resource change, one resource, one output, one variable) to mask them.
/// </para>
/// <para>
/// Known limit: a literal written in the configuration for a schema-sensitive attribute (e.g. a
/// hard-coded password) appears as <c>constant_value</c> with no sensitivity mark; this redactor cannot
/// see it. The stack must take secrets from variables or ephemeral resources, never literals.
/// </para>
/// </summary>
public static class PlanJsonRedactor
{
    public const string Redacted = "(sensitive)";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep the output byte-close to terraform's: no \u-escaping of '<', '>', '&', '+' or non-ASCII.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
        MaxDepth = 512,
    };

    private const int FlushThreshold = 256 * 1024;

    public static async Task RedactAsync(string planJsonPath, string redactedPath, CancellationToken ct)
    {
        var sensitiveVariables = await ReadSensitiveVariablesAsync(planJsonPath, ct).ConfigureAwait(false);
        var temp = redactedPath + ".tmp";
        try
        {
            await using (var json = JsonTokenStream.OpenFile(planJsonPath))
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            await using (var writer = new Utf8JsonWriter(file, WriterOptions))
            {
                await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
                writer.WriteStartObject();
                while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
                {
                    var name = json.GetString();
                    writer.WritePropertyName(name);
                    await json.ReadAsync(ct).ConfigureAwait(false);
                    switch (name)
                    {
                        case "variables":
                            await CopyEntriesAsync(json, writer, (key, node) => RedactVariable(key, node, sensitiveVariables), ct).ConfigureAwait(false);
                            break;
                        case "resource_changes" or "resource_drift":
                            await CopyElementsAsync(json, writer, RedactResourceChange, ct).ConfigureAwait(false);
                            break;
                        case "output_changes":
                            await CopyEntriesAsync(json, writer, (_, node) => RedactChange(node), ct).ConfigureAwait(false);
                            break;
                        case "planned_values":
                            await CopyStateValuesAsync(json, writer, ct).ConfigureAwait(false);
                            break;
                        case "prior_state":
                            await CopyObjectAsync(json, writer, "values", CopyStateValuesAsync, ct).ConfigureAwait(false);
                            break;
                        case "configuration":
                            await CopyConfigurationAsync(json, writer, ct).ConfigureAwait(false);
                            break;
                        default:
                            await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
                            break;
                    }
                }
                writer.WriteEndObject();
                await writer.FlushAsync(ct).ConfigureAwait(false);
            }
            File.Move(temp, redactedPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Root variables declared <c>sensitive = true</c>, from configuration.root_module.variables.</summary>
    internal static async Task<IReadOnlySet<string>> ReadSensitiveVariablesAsync(string planJsonPath, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var json = JsonTokenStream.OpenFile(planJsonPath);
        await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
        if (!await SeekPropertyAsync(json, "configuration"u8.ToArray(), ct).ConfigureAwait(false)
            || !await SeekPropertyAsync(json, "root_module"u8.ToArray(), ct).ConfigureAwait(false)
            || !await SeekPropertyAsync(json, "variables"u8.ToArray(), ct).ConfigureAwait(false))
        {
            return names;
        }
        await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            var variable = json.GetString();
            await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
            while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.NameIs("sensitive"u8))
                {
                    await json.ReadAsync(ct).ConfigureAwait(false);
                    if (json.GetBoolean())
                    {
                        names.Add(variable);
                    }
                }
                else
                {
                    await json.SkipAsync(ct).ConfigureAwait(false);
                }
            }
        }
        return names;
    }

    /// <summary>Inside the current object, skips to the value start of <paramref name="name"/>.</summary>
    private static async Task<bool> SeekPropertyAsync(JsonTokenStream json, byte[] name, CancellationToken ct)
    {
        if (json.TokenType == JsonTokenType.PropertyName)
        {
            await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
        }
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.NameIs(name))
            {
                return true;
            }
            await json.SkipAsync(ct).ConfigureAwait(false);
        }
        return false;
    }

    private static JsonNode? RedactVariable(string name, JsonNode? node, IReadOnlySet<string> sensitive)
    {
        if (sensitive.Contains(name) && node is JsonObject variable && variable.ContainsKey("value"))
        {
            variable["value"] = Redacted;
        }
        return node;
    }

    private static JsonNode? RedactResourceChange(JsonNode? node)
    {
        if (node is JsonObject change)
        {
            RedactChange(change["change"]);
        }
        return node;
    }

    /// <summary>A change object: before/after masked by before_sensitive/after_sensitive.</summary>
    private static JsonNode? RedactChange(JsonNode? node)
    {
        if (node is JsonObject change)
        {
            Mask(change, "before", change["before_sensitive"]);
            Mask(change, "after", change["after_sensitive"]);
        }
        return node;
    }

    /// <summary>A resource in planned_values or prior_state: values masked by sensitive_values.</summary>
    private static JsonNode? RedactStateResource(JsonNode? node)
    {
        if (node is JsonObject resource)
        {
            Mask(resource, "values", resource["sensitive_values"]);
        }
        return node;
    }

    private static JsonNode? RedactStateOutput(JsonNode? node)
    {
        if (node is JsonObject output && IsTrue(output["sensitive"]) && output.ContainsKey("value"))
        {
            output["value"] = Redacted;
        }
        return node;
    }

    /// <summary>A variable declaration in configuration: a sensitive variable's default is a secret too.</summary>
    private static JsonNode? RedactDeclaration(JsonNode? node)
    {
        if (node is JsonObject declaration && IsTrue(declaration["sensitive"]) && declaration.ContainsKey("default"))
        {
            declaration["default"] = Redacted;
        }
        return node;
    }

    /// <summary>Replaces container[key] (or its parts) wherever the parallel mask says true.</summary>
    private static void Mask(JsonObject container, string key, JsonNode? mask)
    {
        var value = container[key];
        var masked = Mask(value, mask);
        if (!ReferenceEquals(masked, value))
        {
            container[key] = masked;
        }
    }

    private static JsonNode? Mask(JsonNode? value, JsonNode? mask)
    {
        if (value is null || mask is null)
        {
            return value;
        }
        if (IsTrue(mask))
        {
            return JsonValue.Create(Redacted);
        }
        if (mask is JsonObject maskObject && value is JsonObject valueObject)
        {
            foreach (var (key, childMask) in maskObject)
            {
                if (valueObject.ContainsKey(key))
                {
                    Mask(valueObject, key, childMask);
                }
            }
        }
        else if (mask is JsonArray maskArray && value is JsonArray valueArray)
        {
            for (var i = 0; i < Math.Min(maskArray.Count, valueArray.Count); i++)
            {
                var child = valueArray[i];
                var masked = Mask(child, maskArray[i]);
                if (!ReferenceEquals(masked, child))
                {
                    valueArray[i] = masked;
                }
            }
        }
        return value;
    }

    private static bool IsTrue(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>planned_values or prior_state.values: outputs and the module tree of resources.</summary>
    private static async Task CopyStateValuesAsync(JsonTokenStream json, Utf8JsonWriter writer, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
            return;
        }
        writer.WriteStartObject();
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            writer.WritePropertyName(name);
            await json.ReadAsync(ct).ConfigureAwait(false);
            if (name == "outputs")
            {
                await CopyEntriesAsync(json, writer, (_, node) => RedactStateOutput(node), ct).ConfigureAwait(false);
            }
            else if (name == "root_module")
            {
                await CopyModuleAsync(json, writer, ct).ConfigureAwait(false);
            }
            else
            {
                await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
            }
        }
        writer.WriteEndObject();
    }

    private static async Task CopyModuleAsync(JsonTokenStream json, Utf8JsonWriter writer, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
            return;
        }
        writer.WriteStartObject();
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            writer.WritePropertyName(name);
            await json.ReadAsync(ct).ConfigureAwait(false);
            if (name == "resources")
            {
                await CopyElementsAsync(json, writer, RedactStateResource, ct).ConfigureAwait(false);
            }
            else if (name == "child_modules" && json.TokenType == JsonTokenType.StartArray)
            {
                writer.WriteStartArray();
                while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType != JsonTokenType.EndArray)
                {
                    await CopyModuleAsync(json, writer, ct).ConfigureAwait(false);
                }
                writer.WriteEndArray();
            }
            else
            {
                await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>configuration: every "variables" object, at any module depth, holds declarations.</summary>
    private static async Task CopyConfigurationAsync(JsonTokenStream json, Utf8JsonWriter writer, CancellationToken ct)
    {
        switch (json.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
                {
                    var name = json.GetString();
                    writer.WritePropertyName(name);
                    await json.ReadAsync(ct).ConfigureAwait(false);
                    if (name == "variables" && json.TokenType == JsonTokenType.StartObject)
                    {
                        await CopyEntriesAsync(json, writer, (_, node) => RedactDeclaration(node), ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await CopyConfigurationAsync(json, writer, ct).ConfigureAwait(false);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType != JsonTokenType.EndArray)
                {
                    await CopyConfigurationAsync(json, writer, ct).ConfigureAwait(false);
                }
                writer.WriteEndArray();
                break;
            default:
                WriteScalar(json, writer);
                break;
        }
    }

    /// <summary>An object whose one named property is copied by <paramref name="copyChild"/>, the rest verbatim.</summary>
    private static async Task CopyObjectAsync(
        JsonTokenStream json, Utf8JsonWriter writer, string childName,
        Func<JsonTokenStream, Utf8JsonWriter, CancellationToken, Task> copyChild, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
            return;
        }
        writer.WriteStartObject();
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            writer.WritePropertyName(name);
            await json.ReadAsync(ct).ConfigureAwait(false);
            if (name == childName)
            {
                await copyChild(json, writer, ct).ConfigureAwait(false);
            }
            else
            {
                await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>An array whose elements are each materialised, redacted and written.</summary>
    private static async Task CopyElementsAsync(JsonTokenStream json, Utf8JsonWriter writer, Func<JsonNode?, JsonNode?> redact, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartArray)
        {
            await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
            return;
        }
        writer.WriteStartArray();
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType != JsonTokenType.EndArray)
        {
            var node = await ReadNodeAsync(json, ct).ConfigureAwait(false);
            WriteNode(writer, redact(node));
            await FlushIfFullAsync(writer, ct).ConfigureAwait(false);
        }
        writer.WriteEndArray();
    }

    /// <summary>An object whose entries are each materialised, redacted and written.</summary>
    private static async Task CopyEntriesAsync(JsonTokenStream json, Utf8JsonWriter writer, Func<string, JsonNode?, JsonNode?> redact, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await CopyValueAsync(json, writer, ct).ConfigureAwait(false);
            return;
        }
        writer.WriteStartObject();
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            await json.ReadAsync(ct).ConfigureAwait(false);
            var node = await ReadNodeAsync(json, ct).ConfigureAwait(false);
            writer.WritePropertyName(name);
            WriteNode(writer, redact(name, node));
            await FlushIfFullAsync(writer, ct).ConfigureAwait(false);
        }
        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    /// <summary>Materialises the value starting at the current token (one small unit, never a whole section).</summary>
    private static async Task<JsonNode?> ReadNodeAsync(JsonTokenStream json, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var unit = new Utf8JsonWriter(buffer, WriterOptions))
        {
            await CopyValueAsync(json, unit, ct).ConfigureAwait(false);
        }
        return JsonNode.Parse(buffer.WrittenSpan, documentOptions: new JsonDocumentOptions { MaxDepth = 512 });
    }

    /// <summary>Copies the value starting at the current token, token by token.</summary>
    private static async Task CopyValueAsync(JsonTokenStream json, Utf8JsonWriter writer, CancellationToken ct)
    {
        if (json.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            WriteScalar(json, writer);
            return;
        }
        var depth = json.Depth;
        do
        {
            switch (json.TokenType)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.PropertyName:
                    if (json.ValueIsEscaped) writer.WritePropertyName(json.GetString());
                    else writer.WritePropertyName(json.RawValue);
                    break;
                default: WriteScalar(json, writer); break;
            }
            if (json.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && json.Depth == depth)
            {
                break;
            }
            await FlushIfFullAsync(writer, ct).ConfigureAwait(false);
        }
        while (await json.ReadAsync(ct).ConfigureAwait(false));
    }

    private static void WriteScalar(JsonTokenStream json, Utf8JsonWriter writer)
    {
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                if (json.ValueIsEscaped) writer.WriteStringValue(json.GetString());
                else writer.WriteStringValue(json.RawValue);
                break;
            case JsonTokenType.Number: writer.WriteRawValue(json.RawValue, skipInputValidation: true); break;
            case JsonTokenType.True: writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: writer.WriteNullValue(); break;
            default: throw new JsonException($"plan JSON: unexpected {json.TokenType}");
        }
    }

    private static async ValueTask FlushIfFullAsync(Utf8JsonWriter writer, CancellationToken ct)
    {
        if (writer.BytesPending > FlushThreshold)
        {
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowDeploy.Review;

/// <summary>
/// Writes a copy of <c>terraform show -json</c> output with every sensitive value replaced by <see cref="SecretRedactor.Mask"/>.
/// <para>
/// Why keep a redacted copy rather than none: the JSON plan is what reviewers and policy tools read, and CI
/// uploads the artifacts folder; the raw JSON holds sensitive values in clear (flagged only in the
/// <c>*_sensitive</c> siblings and in the configuration's variable declarations), so it must never be
/// kept. The caller deletes the raw file once this copy exists.
/// </para>
/// <para>
/// Streamed, in three passes, because sensitivity is declared after the values it covers: the first
/// reads the root module's sensitive variable names from <c>configuration</c> (the last section); the
/// second is a dry run of the rewrite that collects every masked value; the third writes the copy,
/// masking by the marks and scrubbing any string that still contains a collected secret (terraform's
/// marks are incomplete, see <see cref="SecretRedactor"/>). Rewrites copy tokens and only materialise the
/// small units that carry values next to their marks (one resource change, resource, output or variable).
/// </para>
/// <para>
/// Known limit: a literal written in the configuration for a schema-sensitive attribute (e.g. a
/// hard-coded password) appears as <c>constant_value</c> with no sensitivity mark; this redactor cannot
/// see it. The stack must take secrets from variables or ephemeral resources, never literals.
/// </para>
/// </summary>
public static class PlanJsonRedactor
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep the output byte-close to terraform's: no \u-escaping of '<', '>', '&', '+' or non-ASCII.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
        MaxDepth = 512,
    };

    private const int FlushThreshold = 256 * 1024;

    /// <summary>
    /// Writes the redacted copy and returns a redactor for every secret met, which the caller also runs
    /// over terraform's text output before rendering it.
    /// </summary>
    public static async Task<SecretRedactor> RedactAsync(string planJsonPath, string redactedPath, CancellationToken ct)
    {
        var sensitiveVariables = await ReadSensitiveVariablesAsync(planJsonPath, ct).ConfigureAwait(false);
        // A dry run collects every value the marks cover anywhere (prior state included), so that an
        // unmarked copy of a secret earlier in the file is scrubbed too in the real run.
        var collector = PlanSecrets.Collecting(sensitiveVariables);
        await RewriteAsync(planJsonPath, Stream.Null, collector, ct).ConfigureAwait(false);
        var secrets = collector.WithFound();

        var temp = redactedPath + ".tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await RewriteAsync(planJsonPath, file, secrets, ct).ConfigureAwait(false);
            }
            File.Move(temp, redactedPath, overwrite: true);
            return secrets.Redactor;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task RewriteAsync(string planJsonPath, Stream output, PlanSecrets secrets, CancellationToken ct)
    {
        var sensitiveVariables = secrets.SensitiveVariables;
        await using var json = JsonTokenStream.OpenFile(planJsonPath);
        await using var writer = new Utf8JsonWriter(output, WriterOptions);
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
                    await CopyEntriesAsync(json, writer, secrets, (key, node, found) => RedactVariable(key, node, sensitiveVariables, found), ct).ConfigureAwait(false);
                    break;
                case "resource_changes" or "resource_drift":
                    await CopyElementsAsync(json, writer, secrets, RedactResourceChange, ct).ConfigureAwait(false);
                    break;
                case "output_changes":
                    await CopyEntriesAsync(json, writer, secrets, (_, node, found) => RedactChange(node, found), ct).ConfigureAwait(false);
                    break;
                case "planned_values":
                    await CopyStateValuesAsync(json, writer, secrets, ct).ConfigureAwait(false);
                    break;
                case "prior_state":
                    await CopyObjectAsync(json, writer, secrets, "values", CopyStateValuesAsync, ct).ConfigureAwait(false);
                    break;
                case "configuration":
                    await CopyConfigurationAsync(json, writer, secrets, ct).ConfigureAwait(false);
                    break;
                default:
                    await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
                    break;
            }
        }
        writer.WriteEndObject();
        await writer.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Pass one: the root variables declared <c>sensitive = true</c>. Their declarations sit in
    /// <c>configuration</c>, the last section, after the <c>variables</c> values they cover.
    /// </summary>
    private static async Task<IReadOnlySet<string>> ReadSensitiveVariablesAsync(string planJsonPath, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var json = JsonTokenStream.OpenFile(planJsonPath);
        await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
        if (await SeekPropertyAsync(json, "configuration"u8.ToArray(), ct).ConfigureAwait(false)
            && await SeekPropertyAsync(json, "root_module"u8.ToArray(), ct).ConfigureAwait(false)
            && await SeekPropertyAsync(json, "variables"u8.ToArray(), ct).ConfigureAwait(false))
        {
            var declarations = ParseUnit(await json.ReadValueAsync(ct).ConfigureAwait(false)) as JsonObject;
            foreach (var (name, declaration) in declarations ?? [])
            {
                if (declaration is JsonObject d && IsTrue(d["sensitive"]))
                {
                    names.Add(name);
                }
            }
        }
        return names;
    }

    private static JsonNode? ParseUnit(ReadOnlyMemory<byte>? unit) =>
        unit is { } bytes ? JsonNode.Parse(bytes.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 512 }) : null;

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

    private static JsonNode? RedactVariable(string name, JsonNode? node, IReadOnlySet<string> sensitive, PlanSecrets found)
    {
        if (sensitive.Contains(name) && node is JsonObject variable && variable.ContainsKey("value"))
        {
            found.Remember(variable["value"]);
            variable["value"] = SecretRedactor.Mask;
        }
        return node;
    }

    private static JsonNode? RedactResourceChange(JsonNode? node, PlanSecrets found)
    {
        if (node is JsonObject change)
        {
            RedactChange(change["change"], found);
        }
        return node;
    }

    /// <summary>A change object: before/after masked by before_sensitive/after_sensitive.</summary>
    private static JsonNode? RedactChange(JsonNode? node, PlanSecrets found)
    {
        if (node is JsonObject change)
        {
            Mask(change, "before", change["before_sensitive"], found);
            Mask(change, "after", change["after_sensitive"], found);
        }
        return node;
    }

    /// <summary>A resource in planned_values or prior_state: values masked by sensitive_values.</summary>
    private static JsonNode? RedactStateResource(JsonNode? node, PlanSecrets found)
    {
        if (node is JsonObject resource)
        {
            Mask(resource, "values", resource["sensitive_values"], found);
        }
        return node;
    }

    private static JsonNode? RedactStateOutput(JsonNode? node, PlanSecrets found)
    {
        if (node is JsonObject output && IsTrue(output["sensitive"]) && output.ContainsKey("value"))
        {
            found.Remember(output["value"]);
            output["value"] = SecretRedactor.Mask;
        }
        return node;
    }

    /// <summary>A variable declaration in configuration: a sensitive variable's default is a secret too.</summary>
    private static JsonNode? RedactDeclaration(JsonNode? node, PlanSecrets found)
    {
        if (node is JsonObject declaration && IsTrue(declaration["sensitive"]) && declaration.ContainsKey("default"))
        {
            found.Remember(declaration["default"]);
            declaration["default"] = SecretRedactor.Mask;
        }
        return node;
    }

    /// <summary>Replaces container[key] (or its parts) wherever the parallel mask says true.</summary>
    private static void Mask(JsonObject container, string key, JsonNode? mask, PlanSecrets found)
    {
        var value = container[key];
        var masked = Mask(value, mask, found);
        if (!ReferenceEquals(masked, value))
        {
            container[key] = masked;
        }
    }

    private static JsonNode? Mask(JsonNode? value, JsonNode? mask, PlanSecrets found)
    {
        if (value is null || mask is null)
        {
            return value;
        }
        if (IsTrue(mask))
        {
            found.Remember(value);
            return JsonValue.Create(SecretRedactor.Mask);
        }
        if (mask is JsonObject maskObject && value is JsonObject valueObject)
        {
            foreach (var (key, childMask) in maskObject)
            {
                if (valueObject.ContainsKey(key))
                {
                    Mask(valueObject, key, childMask, found);
                }
            }
        }
        else if (mask is JsonArray maskArray && value is JsonArray valueArray)
        {
            for (var i = 0; i < Math.Min(maskArray.Count, valueArray.Count); i++)
            {
                var child = valueArray[i];
                var masked = Mask(child, maskArray[i], found);
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
    private static async Task CopyStateValuesAsync(JsonTokenStream json, Utf8JsonWriter writer, PlanSecrets secrets, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
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
                await CopyEntriesAsync(json, writer, secrets, (_, node, found) => RedactStateOutput(node, found), ct).ConfigureAwait(false);
            }
            else if (name == "root_module")
            {
                await CopyModuleAsync(json, writer, secrets, ct).ConfigureAwait(false);
            }
            else
            {
                await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
            }
        }
        writer.WriteEndObject();
    }

    private static async Task CopyModuleAsync(JsonTokenStream json, Utf8JsonWriter writer, PlanSecrets secrets, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
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
                await CopyElementsAsync(json, writer, secrets, RedactStateResource, ct).ConfigureAwait(false);
            }
            else if (name == "child_modules" && json.TokenType == JsonTokenType.StartArray)
            {
                writer.WriteStartArray();
                while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType != JsonTokenType.EndArray)
                {
                    await CopyModuleAsync(json, writer, secrets, ct).ConfigureAwait(false);
                }
                writer.WriteEndArray();
            }
            else
            {
                await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>configuration: every "variables" object, at any module depth, holds declarations.</summary>
    private static async Task CopyConfigurationAsync(JsonTokenStream json, Utf8JsonWriter writer, PlanSecrets secrets, CancellationToken ct)
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
                        await CopyEntriesAsync(json, writer, secrets, (_, node, found) => RedactDeclaration(node, found), ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await CopyConfigurationAsync(json, writer, secrets, ct).ConfigureAwait(false);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType != JsonTokenType.EndArray)
                {
                    await CopyConfigurationAsync(json, writer, secrets, ct).ConfigureAwait(false);
                }
                writer.WriteEndArray();
                break;
            default:
                WriteScalar(json, writer, secrets);
                break;
        }
    }

    /// <summary>An object whose one named property is copied by <paramref name="copyChild"/>, the rest verbatim.</summary>
    private static async Task CopyObjectAsync(
        JsonTokenStream json, Utf8JsonWriter writer, PlanSecrets secrets, string childName,
        Func<JsonTokenStream, Utf8JsonWriter, PlanSecrets, CancellationToken, Task> copyChild, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
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
                await copyChild(json, writer, secrets, ct).ConfigureAwait(false);
            }
            else
            {
                await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>An array whose elements are each materialised, redacted and written.</summary>
    private static async Task CopyElementsAsync(JsonTokenStream json, Utf8JsonWriter writer, PlanSecrets secrets, Func<JsonNode?, PlanSecrets, JsonNode?> redact, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartArray)
        {
            await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
            return;
        }
        writer.WriteStartArray();
        while (await json.ReadValueAsync(ct).ConfigureAwait(false) is { } element)
        {
            var node = ParseUnit(element);
            WriteNode(writer, secrets.Redactor.Redact(redact(node, secrets)));
            await FlushIfFullAsync(writer, ct).ConfigureAwait(false);
        }
        writer.WriteEndArray();
    }

    /// <summary>An object whose entries are each materialised, redacted and written.</summary>
    private static async Task CopyEntriesAsync(JsonTokenStream json, Utf8JsonWriter writer, PlanSecrets secrets, Func<string, JsonNode?, PlanSecrets, JsonNode?> redact, CancellationToken ct)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await CopyValueAsync(json, writer, secrets, ct).ConfigureAwait(false);
            return;
        }
        writer.WriteStartObject();
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            var node = ParseUnit(await json.ReadValueAsync(ct).ConfigureAwait(false));
            writer.WritePropertyName(name);
            WriteNode(writer, secrets.Redactor.Redact(redact(name, node, secrets)));
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

    /// <summary>Copies the value starting at the current token, token by token.</summary>
    private static async Task CopyValueAsync(JsonTokenStream json, Utf8JsonWriter writer, PlanSecrets secrets, CancellationToken ct)
    {
        if (json.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            WriteScalar(json, writer, secrets);
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
                default: WriteScalar(json, writer, secrets); break;
            }
            if (json.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && json.Depth == depth)
            {
                break;
            }
            await FlushIfFullAsync(writer, ct).ConfigureAwait(false);
        }
        while (await json.ReadAsync(ct).ConfigureAwait(false));
    }

    private static void WriteScalar(JsonTokenStream json, Utf8JsonWriter writer, PlanSecrets secrets)
    {
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                if (secrets.Redactor.Count > 0 || json.ValueIsEscaped) writer.WriteStringValue(secrets.Redactor.Redact(json.GetString()));
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

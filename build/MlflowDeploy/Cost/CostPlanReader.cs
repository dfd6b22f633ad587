using System.Text.Json;
using MlflowDeploy.Review;

namespace MlflowDeploy.Cost;

/// <summary>
/// Reads what the cost estimate needs from <c>terraform show -json</c> output in one streamed pass, like
/// <see cref="PlanSummaryReader"/>: the region variable, each managed resource's <see cref="PricedAttributes"/>
/// before and after, and the configuration's references between resources. Every other value is skipped
/// without being decoded; planned values and prior state are never read.
/// </summary>
public static class CostPlanReader
{
    private static readonly JsonReaderOptions UnitOptions = new() { MaxDepth = 512 };

    public static async Task<CostPlan> ReadAsync(string planJsonPath, CancellationToken ct)
    {
        if (!File.Exists(planJsonPath))
        {
            throw new ActionableError($"plan JSON not found at {planJsonPath} — run Plan again (terraform show -json must write it)");
        }
        try
        {
            await using var json = JsonTokenStream.OpenFile(planJsonPath);
            return await ReadAsync(json, ct).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ActionableError($"plan JSON at {planJsonPath} is not valid ({e.Message.ReplaceLineEndings(" ")}) — run Plan again", inner: e);
        }
    }

    private static async Task<CostPlan> ReadAsync(JsonTokenStream json, CancellationToken ct)
    {
        string? region = null;
        var changes = new List<PricedChange>();
        var references = ConfigurationReferences.None;

        await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.NameIs("variables"u8))
            {
                var unit = await json.ReadValueAsync(ct).ConfigureAwait(false);
                region = ReadRegion(unit!.Value.Span);
            }
            else if (json.NameIs("resource_changes"u8))
            {
                await json.ReadAsync(ct).ConfigureAwait(false);
                if (json.TokenType != JsonTokenType.StartArray)
                {
                    await json.SkipAsync(ct).ConfigureAwait(false);
                    continue;
                }
                while (await json.ReadValueAsync(ct).ConfigureAwait(false) is { } element)
                {
                    if (ReadChange(element.Span) is { } change)
                    {
                        changes.Add(change);
                    }
                }
            }
            else if (json.NameIs("configuration"u8))
            {
                var unit = await json.ReadValueAsync(ct).ConfigureAwait(false);
                references = ConfigurationReferences.Read(unit!.Value.Span);
            }
            else
            {
                await json.SkipAsync(ct).ConfigureAwait(false);
            }
        }
        return new CostPlan(region, changes, references);
    }

    /// <summary>variables.region.value, the stack's one region; every other variable (some are sensitive) is skipped.</summary>
    private static string? ReadRegion(ReadOnlySpan<byte> variables)
    {
        var reader = new Utf8JsonReader(variables, UnitOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRegion = reader.ValueTextEquals("region"u8);
            reader.Read();
            if (!isRegion || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            string? value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isValue = reader.ValueTextEquals("value"u8);
                reader.Read();
                if (isValue && reader.TokenType == JsonTokenType.String)
                {
                    value = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            return value;
        }
        return null;
    }

    private static PricedChange? ReadChange(ReadOnlySpan<byte> element)
    {
        var reader = new Utf8JsonReader(element, UnitOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        string address = "", type = "", mode = "managed", deposed = "";
        var change = default(ReadOnlySpan<byte>);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("address"u8))
            {
                address = PlanJsonValues.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = PlanJsonValues.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("mode"u8))
            {
                mode = PlanJsonValues.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("deposed"u8))
            {
                deposed = PlanJsonValues.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("change"u8))
            {
                // The type may come after the change in the object, so the change is read once the type is known.
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                change = element[start..(int)reader.BytesConsumed];
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (mode != "managed" || address.Length == 0 || change.IsEmpty)
        {
            return null;
        }
        if (deposed.Length > 0)
        {
            // A deposed object is a second, older instance at the same address, waiting to be destroyed.
            address += " (deposed)";
        }
        return ReadBeforeAfter(change, address, type);
    }

    private static PricedChange ReadBeforeAfter(ReadOnlySpan<byte> change, string address, string type)
    {
        var reader = new Utf8JsonReader(change, UnitOptions);
        var action = PlanAction.NoOp;
        ResourceState? before = null, after = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("actions"u8))
            {
                action = PlanActionText.FromTerraform(PlanJsonValues.ReadStrings(ref reader));
            }
            else if (reader.ValueTextEquals("before"u8))
            {
                reader.Read();
                before = ResourceStateReader.Read(ref reader, address, type);
            }
            else if (reader.ValueTextEquals("after"u8))
            {
                reader.Read();
                after = ResourceStateReader.Read(ref reader, address, type);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        // Forget leaves the object running but no longer in this stack; delete removes it.
        if (action is PlanAction.Delete or PlanAction.Forget)
        {
            after = null;
        }
        return new PricedChange(address, type, action, before, after);
    }
}

using System.Text;
using System.Text.Json;

namespace MlflowDeploy.Review;

/// <summary>
/// Builds a <see cref="PlanSummary"/> from the output of <c>terraform show -json plan.bin</c> in one streamed
/// pass. Memory stays flat in the size of the plan: sections the summary doesn't need (planned values,
/// prior state, configuration) are skipped without being decoded, and resource changes are read one at a
/// time, keeping only addresses, types and attribute names — never values.
/// </summary>
public static class PlanSummaryReader
{
    private static readonly JsonReaderOptions UnitOptions = new() { MaxDepth = 512 };

    public static async Task<PlanSummary> ReadAsync(string planJsonPath, CancellationToken ct)
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
            throw new ActionableError($"plan JSON at {planJsonPath} is not valid ({OneLine(e.Message)}) — run Plan again", inner: e);
        }
    }

    private static async Task<PlanSummary> ReadAsync(JsonTokenStream json, CancellationToken ct)
    {
        var changes = new List<PlannedResource>();
        var drift = new List<PlannedResource>();
        var outputs = new List<string>();
        var relevant = new HashSet<string>(StringComparer.Ordinal);
        string? version = null;
        var errored = false;
        var noOps = 0;

        await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.NameIs("resource_changes"u8))
            {
                noOps += await ReadResourceChangesAsync(json, changes, ct).ConfigureAwait(false);
            }
            else if (json.NameIs("resource_drift"u8))
            {
                await ReadResourceChangesAsync(json, drift, ct).ConfigureAwait(false);
            }
            else if (json.NameIs("output_changes"u8))
            {
                var unit = await json.ReadValueAsync(ct).ConfigureAwait(false);
                ReadOutputChanges(unit!.Value.Span, outputs);
            }
            else if (json.NameIs("relevant_attributes"u8))
            {
                var unit = await json.ReadValueAsync(ct).ConfigureAwait(false);
                ReadRelevantResources(unit!.Value.Span, relevant);
            }
            else if (json.NameIs("terraform_version"u8))
            {
                await json.ReadAsync(ct).ConfigureAwait(false);
                version = json.TokenType == JsonTokenType.String ? json.GetString() : null;
            }
            else if (json.NameIs("errored"u8))
            {
                await json.ReadAsync(ct).ConfigureAwait(false);
                errored = json.GetBoolean();
            }
            else
            {
                await json.SkipAsync(ct).ConfigureAwait(false);
            }
        }

        return new PlanSummary
        {
            ToAdd = changes.Count(c => c.Action == PlanAction.Create),
            ToChange = changes.Count(c => c.Action == PlanAction.Update),
            ToDestroy = changes.Count(c => c.Action == PlanAction.Delete),
            ToReplace = changes.Count(c => c.Action == PlanAction.Replace),
            ToForget = changes.Count(c => c.Action == PlanAction.Forget),
            Reads = changes.Count(c => c.Action == PlanAction.Read),
            NoOps = noOps,
            Resources = changes,
            ChangedOutputs = outputs,
            // Like terraform's own text, show only drift in resources this plan depends on; the rest is noise.
            Drift = drift.Where(d => IsRelevant(d.Address, relevant)).ToList(),
            TerraformVersion = version,
            Errored = errored,
        };
    }

    /// <summary>Reads a resource_changes-shaped array into <paramref name="into"/>; returns how many were no-ops.</summary>
    private static async Task<int> ReadResourceChangesAsync(JsonTokenStream json, List<PlannedResource> into, CancellationToken ct)
    {
        await json.ReadAsync(ct).ConfigureAwait(false);
        if (json.TokenType != JsonTokenType.StartArray)
        {
            await json.SkipAsync(ct).ConfigureAwait(false);
            return 0;
        }
        var noOps = 0;
        while (await json.ReadValueAsync(ct).ConfigureAwait(false) is { } element)
        {
            var change = ReadResourceChange(element.Span);
            if (change is null)
            {
                continue;
            }
            if (change.Action == PlanAction.NoOp)
            {
                noOps++;
            }
            else
            {
                into.Add(change);
            }
        }
        return noOps;
    }

    private static PlannedResource? ReadResourceChange(ReadOnlySpan<byte> element)
    {
        var reader = new Utf8JsonReader(element, UnitOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        string address = "", type = "", mode = "managed";
        var action = PlanAction.NoOp;
        IReadOnlyList<string> replacePaths = [];
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
            else if (reader.ValueTextEquals("change"u8))
            {
                reader.Read();
                (action, replacePaths) = ReadChange(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new PlannedResource(address, type, action, replacePaths, IsDataSource: mode == "data");
    }

    /// <summary>At a change object's start: its actions and replace_paths; before/after values are skipped unread.</summary>
    private static (PlanAction, IReadOnlyList<string>) ReadChange(ref Utf8JsonReader reader)
    {
        var action = PlanAction.NoOp;
        var replacePaths = new List<string>();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (action, replacePaths);
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("actions"u8))
            {
                action = PlanActionText.FromTerraform(PlanJsonValues.ReadStrings(ref reader));
            }
            else if (reader.ValueTextEquals("replace_paths"u8))
            {
                ReadReplacePaths(ref reader, replacePaths);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return (action, replacePaths);
    }

    /// <summary>Each replace path is a list of steps: attribute names (strings) and list indexes (numbers).</summary>
    private static void ReadReplacePaths(ref Utf8JsonReader reader, List<string> into)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            var path = new StringBuilder();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    path.Append(path.Length == 0 ? "" : ".").Append(reader.GetString());
                }
                else if (reader.TokenType == JsonTokenType.Number)
                {
                    path.Append('[').Append(Encoding.UTF8.GetString(reader.ValueSpan)).Append(']');
                }
                else
                {
                    reader.Skip();
                }
            }
            var text = path.ToString();
            if (text.Length > 0 && !into.Contains(text))
            {
                into.Add(text);
            }
        }
    }

    private static void ReadOutputChanges(ReadOnlySpan<byte> unit, List<string> into)
    {
        var reader = new Utf8JsonReader(unit, UnitOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var (action, _) = ReadChange(ref reader);
            if (action != PlanAction.NoOp)
            {
                into.Add(name);
            }
        }
    }

    /// <summary>relevant_attributes: [{"resource": "aws_vpc.this", "attribute": [...]}, ...] → the resource addresses.</summary>
    private static void ReadRelevantResources(ReadOnlySpan<byte> unit, HashSet<string> into)
    {
        var reader = new Utf8JsonReader(unit, UnitOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resource"u8))
                {
                    into.Add(PlanJsonValues.ReadString(ref reader));
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>"aws_subnet.private[0]" is relevant when "aws_subnet.private" is.</summary>
    private static bool IsRelevant(string address, HashSet<string> relevant)
    {
        if (relevant.Contains(address))
        {
            return true;
        }
        var bracket = address.LastIndexOf('[');
        return bracket > 0 && address.EndsWith(']') && relevant.Contains(address[..bracket]);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

using System.Text;
using System.Text.Json;

namespace MlflowDeploy.Review;

/// <summary>
/// Builds a <see cref="PlanSummary"/> from the output of <c>terraform show -json plan.bin</c> in one streamed
/// pass. Memory stays flat in the size of the plan: only addresses, types and attribute names are kept,
/// and every value (before/after, prior state, configuration) is skipped without being decoded.
/// </summary>
public static class PlanSummaryReader
{
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
            throw new ActionableError($"plan JSON at {planJsonPath} is not valid ({e.Message}) — run Plan again", inner: e);
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
        int noOps = 0;

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
                await ReadOutputChangesAsync(json, outputs, ct).ConfigureAwait(false);
            }
            else if (json.NameIs("relevant_attributes"u8))
            {
                await ReadRelevantResourcesAsync(json, relevant, ct).ConfigureAwait(false);
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

        var dataLoss = changes
            .Where(c => c.Action is PlanAction.Delete or PlanAction.Replace && StatefulResourceTypes.Contains(c.Type) && !c.IsDataSource)
            .Select(c => new DataLossRisk(c.Address, c.Type, c.Action, c.ReplaceAttributes))
            .ToList();

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
            DataLoss = dataLoss,
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
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.StartObject)
        {
            var change = await ReadResourceChangeAsync(json, ct).ConfigureAwait(false);
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

    private static async Task<PlannedResource> ReadResourceChangeAsync(JsonTokenStream json, CancellationToken ct)
    {
        string address = "", type = "", mode = "managed";
        var action = PlanAction.NoOp;
        IReadOnlyList<string> replacePaths = [];
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.NameIs("address"u8))
            {
                address = await ReadStringAsync(json, ct).ConfigureAwait(false);
            }
            else if (json.NameIs("type"u8))
            {
                type = await ReadStringAsync(json, ct).ConfigureAwait(false);
            }
            else if (json.NameIs("mode"u8))
            {
                mode = await ReadStringAsync(json, ct).ConfigureAwait(false);
            }
            else if (json.NameIs("change"u8))
            {
                (action, replacePaths) = await ReadChangeAsync(json, ct).ConfigureAwait(false);
            }
            else
            {
                await json.SkipAsync(ct).ConfigureAwait(false);
            }
        }
        return new PlannedResource(address, type, action, replacePaths, IsDataSource: mode == "data");
    }

    private static async Task<(PlanAction, IReadOnlyList<string>)> ReadChangeAsync(JsonTokenStream json, CancellationToken ct)
    {
        await json.ExpectAsync(JsonTokenType.StartObject, ct).ConfigureAwait(false);
        var action = PlanAction.NoOp;
        var replacePaths = new List<string>();
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.NameIs("actions"u8))
            {
                action = ToAction(await ReadStringArrayAsync(json, ct).ConfigureAwait(false));
            }
            else if (json.NameIs("replace_paths"u8))
            {
                await ReadReplacePathsAsync(json, replacePaths, ct).ConfigureAwait(false);
            }
            else
            {
                await json.SkipAsync(ct).ConfigureAwait(false);
            }
        }
        return (action, replacePaths);
    }

    /// <summary>Each replace path is a list of steps: attribute names (strings) and list indexes (numbers).</summary>
    private static async Task ReadReplacePathsAsync(JsonTokenStream json, List<string> into, CancellationToken ct)
    {
        await json.ReadAsync(ct).ConfigureAwait(false);
        if (json.TokenType != JsonTokenType.StartArray)
        {
            await json.SkipAsync(ct).ConfigureAwait(false);
            return;
        }
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.StartArray)
        {
            var path = new StringBuilder();
            while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType != JsonTokenType.EndArray)
            {
                if (json.TokenType == JsonTokenType.String)
                {
                    path.Append(path.Length == 0 ? "" : ".").Append(json.GetString());
                }
                else if (json.TokenType == JsonTokenType.Number)
                {
                    path.Append('[').Append(Encoding.UTF8.GetString(json.RawValue)).Append(']');
                }
                else
                {
                    await json.SkipAsync(ct).ConfigureAwait(false);
                }
            }
            var text = path.ToString();
            if (text.Length > 0 && !into.Contains(text))
            {
                into.Add(text);
            }
        }
    }

    /// <summary>relevant_attributes: [{"resource": "aws_vpc.this", "attribute": [...]}, ...] → the resource addresses.</summary>
    private static async Task ReadRelevantResourcesAsync(JsonTokenStream json, HashSet<string> into, CancellationToken ct)
    {
        await json.ReadAsync(ct).ConfigureAwait(false);
        if (json.TokenType != JsonTokenType.StartArray)
        {
            await json.SkipAsync(ct).ConfigureAwait(false);
            return;
        }
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.StartObject)
        {
            while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.NameIs("resource"u8))
                {
                    into.Add(await ReadStringAsync(json, ct).ConfigureAwait(false));
                }
                else
                {
                    await json.SkipAsync(ct).ConfigureAwait(false);
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

    private static async Task ReadOutputChangesAsync(JsonTokenStream json, List<string> into, CancellationToken ct)
    {
        await json.ReadAsync(ct).ConfigureAwait(false);
        if (json.TokenType != JsonTokenType.StartObject)
        {
            await json.SkipAsync(ct).ConfigureAwait(false);
            return;
        }
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            var (action, _) = await ReadChangeAsync(json, ct).ConfigureAwait(false);
            if (action != PlanAction.NoOp)
            {
                into.Add(name);
            }
        }
    }

    private static async Task<string> ReadStringAsync(JsonTokenStream json, CancellationToken ct)
    {
        await json.ReadAsync(ct).ConfigureAwait(false);
        if (json.TokenType == JsonTokenType.String)
        {
            return json.GetString();
        }
        await json.SkipAsync(ct).ConfigureAwait(false);
        return "";
    }

    private static async Task<List<string>> ReadStringArrayAsync(JsonTokenStream json, CancellationToken ct)
    {
        var items = new List<string>(2);
        await json.ReadAsync(ct).ConfigureAwait(false);
        if (json.TokenType != JsonTokenType.StartArray)
        {
            await json.SkipAsync(ct).ConfigureAwait(false);
            return items;
        }
        while (await json.ReadAsync(ct).ConfigureAwait(false) && json.TokenType != JsonTokenType.EndArray)
        {
            if (json.TokenType == JsonTokenType.String)
            {
                items.Add(json.GetString());
            }
            else
            {
                await json.SkipAsync(ct).ConfigureAwait(false);
            }
        }
        return items;
    }

    /// <summary>
    /// Terraform writes a replacement as ["delete","create"] or, with create_before_destroy,
    /// ["create","delete"]; either is one replace. An unknown future action counts as a change, never as nothing.
    /// </summary>
    internal static PlanAction ToAction(IReadOnlyList<string> actions)
    {
        bool Has(string a) => actions.Contains(a);
        if (Has("create") && Has("delete")) return PlanAction.Replace;
        if (Has("delete")) return PlanAction.Delete;
        if (Has("create")) return PlanAction.Create;
        if (Has("update")) return PlanAction.Update;
        if (Has("read")) return PlanAction.Read;
        if (Has("forget")) return PlanAction.Forget;
        if (actions.Count == 0 || actions.All(a => a == "no-op")) return PlanAction.NoOp;
        return PlanAction.Update;
    }
}

using System.Text.Json;
using MlflowDeploy.Cost;

namespace MlflowDeploy.Review;

/// <summary>plan-summary.json: counts, resources by action, data-loss list. Names only, no values.</summary>
public static class PlanSummaryJson
{
    /// <summary>The field the nightly report reads (IncidentFindings); its values are <see cref="PlanStatusText.Key"/>.</summary>
    public const string StatusField = "status";

    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static async Task WriteAsync(string path, string environment, PlanSummary summary, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file, Options);
        json.WriteStartObject();
        json.WriteString("environment", environment);
        json.WriteString(StatusField, PlanStatusText.Of(summary).Key());
        json.WriteString("terraform_version", summary.TerraformVersion);
        json.WriteBoolean("errored", summary.Errored);
        json.WriteStartObject("counts");
        json.WriteNumber("add", summary.ToAdd);
        json.WriteNumber("change", summary.ToChange);
        json.WriteNumber("destroy", summary.ToDestroy);
        json.WriteNumber("replace", summary.ToReplace);
        json.WriteNumber("forget", summary.ToForget);
        json.WriteNumber("read", summary.Reads);
        json.WriteNumber("no_op", summary.NoOps);
        json.WriteEndObject();

        json.WriteStartObject("resources");
        foreach (var group in summary.ByAction())
        {
            json.WriteStartArray(Key(group.Key));
            foreach (var resource in group)
            {
                json.WriteStartObject();
                json.WriteString("address", resource.Address);
                json.WriteString("type", resource.Type);
                if (resource.ReplaceAttributes.Count > 0)
                {
                    WriteStrings(json, "replace_paths", resource.ReplaceAttributes);
                }
                json.WriteEndObject();
                if (json.BytesPending > 64 * 1024)
                {
                    await json.FlushAsync(ct).ConfigureAwait(false);
                }
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();

        WriteStrings(json, "changed_outputs", summary.ChangedOutputs);

        json.WriteStartArray("overrides");
        foreach (var item in summary.Overrides)
        {
            json.WriteStartObject();
            json.WriteString("name", item.Name);
            json.WriteString("value", item.Value);
            json.WriteBoolean("sensitive", item.Sensitive);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("drift");
        foreach (var drift in summary.Drift)
        {
            json.WriteStartObject();
            json.WriteString("address", drift.Address);
            json.WriteString("type", drift.Type);
            json.WriteString("action", Key(drift.Action));
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartArray("data_loss");
        foreach (var risk in summary.DataLoss)
        {
            json.WriteStartObject();
            json.WriteString("address", risk.Address);
            json.WriteString("type", risk.Type);
            json.WriteString("action", Key(risk.Action));
            WriteStrings(json, "forcing_attributes", risk.ForcingAttributes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (summary.Cost is { } cost)
        {
            CostJson.Write(json, cost);
        }
        json.WriteEndObject();
        await json.FlushAsync(ct).ConfigureAwait(false);
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static string Key(PlanAction action) => action switch
    {
        PlanAction.Create => "add",
        PlanAction.Update => "change",
        PlanAction.Delete => "destroy",
        PlanAction.Replace => "replace",
        PlanAction.Read => "read",
        PlanAction.Forget => "forget",
        _ => "no_op",
    };
}

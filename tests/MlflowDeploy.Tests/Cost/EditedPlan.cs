using System.Text.Json.Nodes;

namespace MlflowDeploy.Tests.Cost;

/// <summary>A copy of a real plan fixture with one thing changed, written to a scratch folder.</summary>
internal static class EditedPlan
{
    public static string Write(string sourcePath, string folder, Action<JsonObject> edit)
    {
        var plan = JsonNode.Parse(File.ReadAllText(sourcePath))!.AsObject();
        edit(plan);
        var path = Path.Combine(folder, $"edited-{Guid.NewGuid():N}.plan.json");
        File.WriteAllText(path, plan.ToJsonString());
        return path;
    }

    /// <summary>The change object of the resource at <paramref name="address"/>.</summary>
    public static JsonObject Change(JsonObject plan, string address) =>
        plan["resource_changes"]!.AsArray().Select(r => r!.AsObject()).Single(r => (string?)r["address"] == address)["change"]!.AsObject();

    public static JsonObject After(JsonObject plan, string address) => Change(plan, address)["after"]!.AsObject();
}

using System.Text.Json;

namespace MlflowDeploy.Teardown;

/// <summary>
/// What a destroy plan would delete, with each resource's refreshed attributes (the plan's <c>before</c>). Destroy
/// reads it before anything changes, to refuse what AWS would refuse halfway. Read through <c>TerraformWorkspace.ReadPlanJsonAsync</c>: the JSON holds sensitive values, which are kept only in
/// memory and never shown.
/// </summary>
public sealed class DestroyPlan
{
    private DestroyPlan(IReadOnlyList<PlannedDeletion> deletions) => Deletions = deletions;

    public IReadOnlyList<PlannedDeletion> Deletions { get; }

    public static async Task<DestroyPlan> ReadAsync(string planJsonPath, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(planJsonPath);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;

        var deletions = new List<PlannedDeletion>();
        if (root.TryGetProperty("resource_changes", out var changes))
        {
            foreach (var change in changes.EnumerateArray())
            {
                if (change.TryGetProperty("mode", out var mode) && mode.GetString() != "managed")
                {
                    continue;
                }

                var body = change.GetProperty("change");
                if (!body.GetProperty("actions").EnumerateArray().Any(a => a.GetString() == "delete"))
                {
                    continue;
                }

                deletions.Add(new PlannedDeletion(
                    change.GetProperty("address").GetString() ?? "",
                    change.GetProperty("type").GetString() ?? "",
                    change.GetProperty("name").GetString() ?? "",
                    body.TryGetProperty("before", out var before) ? before.Clone() : default));
            }
        }

        return new DestroyPlan(deletions);
    }
}

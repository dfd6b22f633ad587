using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlflowDeploy.Cost;
using MlflowDeploy.Review;
using MlflowDeploy.Tests.Review;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Cost;

/// <summary>
/// The estimate reads only the attributes it prices. Every other value of a real plan (variables, unpriced
/// attributes, planned values, prior state, outputs, configuration constants) is replaced by a sentinel secret:
/// the figures must not move, and the sentinel must appear nowhere the estimate reaches.
/// </summary>
public sealed class SecretFreeEstimateTests : IDisposable
{
    private const string Sentinel = PlanFixtures.Sentinel;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("reference:create")]
    [InlineData("reference:destroy")]
    [InlineData("desired-count-4")]
    [InlineData("production")]
    public async Task Values_the_estimate_does_not_price_never_reach_it(string fixture)
    {
        var source = fixture.StartsWith("reference:", StringComparison.Ordinal) ? CostFixtures.Reference(fixture["reference:".Length..]) : CostFixtures.Json(fixture);
        var salted = EditedPlan.Write(source, _temp.Path, Salt);
        Assert.Contains(Sentinel, await File.ReadAllTextAsync(salted));

        var plan = await CostPlanReader.ReadAsync(salted, CancellationToken.None);
        var kept = plan.Changes.SelectMany(c => new[] { c.Before, c.After }).OfType<ResourceState>()
            .SelectMany(s => s.Attributes.Values).Select(v => v.GetRawText());
        Assert.DoesNotContain(kept, v => v.Contains(Sentinel, StringComparison.Ordinal));

        var clean = await CostFixtures.EstimateAsync(source, "production");
        var estimate = await CostFixtures.EstimateAsync(salted, "production");
        Assert.Equal(clean.Rows(), estimate.Rows());
        Assert.Equal(clean.MonthlyAfter, estimate.MonthlyAfter);

        var summary = await PlanSummaryReader.ReadAsync(salted, CancellationToken.None) with { Cost = estimate };
        var json = _temp.File("plan-summary.json");
        await PlanSummaryJson.WriteAsync(json, "production", summary, CancellationToken.None);
        var rendered = new StringBuilder()
            .Append(CostConsoleText.Render(estimate))
            .Append(PlanConsoleText.Render("production", summary))
            .Append(PlanMarkdown.Render(new PlanMarkdownInput { Environment = "production", Summary = summary }))
            .Append(await File.ReadAllTextAsync(json))
            .ToString();
        Assert.Contains("Estimated cost", rendered);
        Assert.DoesNotContain(Sentinel, rendered);
    }

    /// <summary>Replaces every value the estimate has no business reading with the sentinel.</summary>
    private static void Salt(JsonObject plan)
    {
        foreach (var (name, variable) in plan["variables"]!.AsObject().ToList())
        {
            if (name != "region")
            {
                variable!["value"] = Sentinel;
            }
        }
        foreach (var resource in plan["resource_changes"]!.AsArray().Select(r => r!.AsObject()))
        {
            var type = (string)resource["type"]!;
            foreach (var side in new[] { "before", "after" })
            {
                if (resource["change"]![side] is JsonObject state)
                {
                    foreach (var name in state.Select(p => p.Key).ToList())
                    {
                        if (PricedAttributes.For(type, name) is null)
                        {
                            state[name] = Sentinel;
                        }
                    }
                }
            }
        }
        foreach (var section in new[] { "planned_values", "prior_state", "output_changes" })
        {
            if (plan[section] is { } node)
            {
                plan[section] = SaltStrings(node);
            }
        }
        if (plan["configuration"] is { } configuration)
        {
            plan["configuration"] = SaltConstants(configuration);
        }
    }

    private static JsonNode SaltStrings(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : SaltStrings(p.Value)))),
        JsonArray a => new JsonArray(a.Select(e => e is null ? null : SaltStrings(e)).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(Sentinel),
        _ => node.DeepClone(),
    };

    private static JsonNode SaltConstants(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key,
            p.Key == "constant_value" ? JsonValue.Create(Sentinel) : p.Value is null ? null : SaltConstants(p.Value)))),
        JsonArray a => new JsonArray(a.Select(e => e is null ? null : SaltConstants(e)).ToArray()),
        _ => node.DeepClone(),
    };
}

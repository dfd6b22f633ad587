using System.Text.Json.Nodes;
using MlflowDeploy.Environments;
using MlflowDeploy.Preflight;
using MlflowDeploy.Review;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Review;

/// <summary>A plan made with --var says so in every rendering, and a sensitive variable's value appears in none.</summary>
public sealed class PlanOverridesReviewTests
{
    private static readonly IReadOnlyList<PlanOverride> Overrides =
    [
        PlanOverride.Of(new VarOverride("desired_count", "4"), new DeclaredVariable("desired_count", "variables.tf:312", "number", false, false)),
        PlanOverride.Of(new VarOverride("api_token", PlanFixtures.Sentinel), new DeclaredVariable("api_token", "variables.tf:1", "string", Sensitive: true, Ephemeral: false)),
    ];

    [Theory]
    [InlineData("change")]
    [InlineData("noop")]
    public async Task Console_markdown_and_json_show_the_overrides_with_sensitive_values_masked(string fixture)
    {
        using var scratch = new TempDirectory();
        using var work = new TempDirectory();

        var result = await PlanReview.ReviewAsync(new PlanReviewInput
        {
            Environment = "staging",
            PlanJsonPath = PlanFixtures.CopyJson(fixture, work.File("plan")),
            PlanText = PlanFixtures.Text(fixture),
            RepositoryRoot = Support.RepositoryRoot.Path,
            Artifacts = new ArtifactLayout(scratch.File("artifacts/staging")),
            Run = new WorkflowRunLink("abc1234", null),
            Overrides = Overrides,
        }, CancellationToken.None);

        Assert.Contains("Overrides (this plan only, on top of the tfvars): desired_count=4, api_token=(sensitive)\n", result.ConsoleText);
        Assert.Contains("**Overrides** (this plan only, on top of the tfvars): `desired_count=4` · `api_token=(sensitive)`", result.Markdown);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(result.SummaryJsonPath))!["overrides"]!.AsArray();
        Assert.Equal("desired_count", (string?)json[0]!["name"]);
        Assert.Equal("4", (string?)json[0]!["value"]);
        Assert.False((bool)json[0]!["sensitive"]!);
        Assert.Null((string?)json[1]!["value"]);
        Assert.True((bool)json[1]!["sensitive"]!);
        foreach (var file in scratch.AllFiles())
        {
            Assert.DoesNotContain(PlanFixtures.Sentinel, await File.ReadAllTextAsync(file));
        }

        Assert.DoesNotContain(PlanFixtures.Sentinel, result.ConsoleText);
    }

    [Fact]
    public async Task A_plan_without_overrides_says_nothing_about_them()
    {
        using var scratch = new TempDirectory();
        using var work = new TempDirectory();

        var result = await PlanReview.ReviewAsync(new PlanReviewInput
        {
            Environment = "staging",
            PlanJsonPath = PlanFixtures.CopyJson("change", work.File("plan")),
            RepositoryRoot = Support.RepositoryRoot.Path,
            Artifacts = new ArtifactLayout(scratch.File("artifacts/staging")),
            Run = WorkflowRunLink.None,
        }, CancellationToken.None);

        Assert.DoesNotContain("Overrides", result.ConsoleText);
        Assert.DoesNotContain("Overrides", result.Markdown);
        Assert.Empty(JsonNode.Parse(await File.ReadAllTextAsync(result.SummaryJsonPath))!["overrides"]!.AsArray());
    }

    [Fact]
    public void A_long_or_multi_line_value_is_shown_on_one_line_and_cut()
    {
        var shown = PlanOverride.Of(new VarOverride("note", new string('x', 200) + "\nsecond"), new DeclaredVariable("note", "v.tf:1", null, false, false));

        Assert.Equal(121, shown.Value!.Length);
        Assert.EndsWith("…", shown.Value);
        Assert.DoesNotContain('\n', shown.ToString());
    }
}

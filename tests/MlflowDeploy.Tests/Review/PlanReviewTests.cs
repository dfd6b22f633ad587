using MlflowDeploy.Tests.Support;
using System.Text.Json.Nodes;
using MlflowDeploy.Review;

namespace MlflowDeploy.Tests.Review;

public sealed class PlanReviewTests
{
    [Theory]
    [InlineData("create")]
    [InlineData("change")]
    [InlineData("replace")]
    [InlineData("destroy")]
    [InlineData("noop")]
    public async Task Review_writes_summary_files_keeps_only_a_redacted_plan_and_leaks_no_secret(string fixture)
    {
        using var scratch = new TempDirectory();
        var raw = PlanFixtures.CopyJson(fixture, scratch.File("work"));

        var result = await PlanReview.ReviewAsync(new PlanReviewInput
        {
            Environment = "staging",
            PlanJsonPath = raw,
            PlanText = PlanFixtures.Text(fixture),
            ArtifactsDir = scratch.File("artifacts"),
            Run = new WorkflowRunLink("abc1234", null),
        }, CancellationToken.None);

        Assert.False(File.Exists(raw), "the raw plan JSON holds secrets and must be deleted");
        Assert.Equal(scratch.File("artifacts/staging/plan-summary.md"), result.MarkdownPath);
        Assert.Equal(result.Markdown, await File.ReadAllTextAsync(result.MarkdownPath));
        var json = JsonNode.Parse(await File.ReadAllTextAsync(result.SummaryJsonPath))!;
        Assert.Equal(result.Summary.ToReplace, (int?)json["counts"]!["replace"]);
        Assert.Equal(result.Summary.DataLoss.Count, json["data_loss"]!.AsArray().Count);

        foreach (var file in scratch.AllFiles())
        {
            Assert.DoesNotContain(PlanFixtures.Sentinel, await File.ReadAllTextAsync(file));
        }
        Assert.DoesNotContain(PlanFixtures.Sentinel, result.ConsoleText);
        Assert.DoesNotContain(PlanFixtures.Sentinel, result.Markdown);
    }
}

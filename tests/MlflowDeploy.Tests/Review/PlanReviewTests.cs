using System.Text.Json.Nodes;
using MlflowDeploy.Environments;
using MlflowDeploy.Review;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Review;

public sealed class PlanReviewTests
{
    [Theory]
    [InlineData("create")]
    [InlineData("change")]
    [InlineData("replace")]
    [InlineData("destroy")]
    [InlineData("noop")]
    public async Task Review_writes_summary_files_and_a_redacted_plan_that_leak_no_secret(string fixture)
    {
        using var scratch = new TempDirectory();
        using var work = new TempDirectory();
        var raw = PlanFixtures.CopyJson(fixture, work.File("plan"));

        var result = await PlanReview.ReviewAsync(new PlanReviewInput
        {
            Environment = "staging",
            PlanJsonPath = raw,
            PlanText = PlanFixtures.Text(fixture),
            RepositoryRoot = Support.RepositoryRoot.Path,
            Artifacts = new ArtifactLayout(scratch.File("artifacts/staging")),
            Run = new WorkflowRunLink("abc1234", null),
        }, CancellationToken.None);

        Assert.True(File.Exists(raw), "the raw plan JSON belongs to the caller, who deletes it (TerraformWorkspace.ReadPlanJsonAsync)");
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

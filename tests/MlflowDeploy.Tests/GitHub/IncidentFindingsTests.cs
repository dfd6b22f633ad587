using MlflowDeploy.Environments;
using MlflowDeploy.GitHub;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.GitHub;

public sealed class IncidentFindingsTests
{
    private static async Task<(IncidentReport Health, IncidentReport Drift)> Read(string folder)
    {
        var findings = await IncidentFindings.ReadAsync(new ArtifactLayout(folder), "production", "https://run/1", CancellationToken.None);
        Assert.Equal([IncidentKind.Health, IncidentKind.Drift], findings.Select(f => f.Kind));
        Assert.All(findings, f => Assert.Equal(("production", "https://run/1"), (f.Environment, f.RunUrl)));
        return (findings[0], findings[1]);
    }

    [Fact]
    public async Task Healthy_verify_and_an_empty_plan_are_two_healthy_findings()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "verify.json"), """{"schemaVersion":1,"outcome":"healthy","exitCode":0,"checks":[]}""");
        File.WriteAllText(Path.Combine(folder.Path, "verify.md"), "all green");
        File.WriteAllText(Path.Combine(folder.Path, "plan-summary.json"), """{"environment":"production","status":"no_changes","counts":{"add":0}}""");
        File.WriteAllText(Path.Combine(folder.Path, "plan-summary.md"), "no changes");

        var (health, drift) = await Read(folder.Path);

        Assert.True(health.Healthy);
        Assert.Equal("all green", health.Markdown);
        Assert.True(drift.Healthy);
    }

    [Theory]
    [InlineData("unhealthy")]
    [InlineData("could-not-run")]
    public async Task Verify_that_failed_or_could_not_look_is_unhealthy_with_verify_md_as_the_body(string outcome)
    {
        using var folder = new TempDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "verify.json"), $$"""{"outcome":"{{outcome}}"}""");
        File.WriteAllText(Path.Combine(folder.Path, "verify.md"), "| alb.targets | ❌ |");

        var (health, _) = await Read(folder.Path);

        Assert.False(health.Healthy);
        Assert.Equal("| alb.targets | ❌ |", health.Markdown);
    }

    [Theory]
    [InlineData("changes")]
    [InlineData("data_loss")]
    [InlineData("failed")]
    public async Task A_plan_with_changes_or_that_failed_is_drift_with_the_plan_summary_as_the_body(string status)
    {
        using var folder = new TempDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "plan-summary.json"), $$"""{"status":"{{status}}"}""");
        File.WriteAllText(Path.Combine(folder.Path, "plan-summary.md"), "aws_ecs_service.mlflow ~ update");

        var (_, drift) = await Read(folder.Path);

        Assert.False(drift.Healthy);
        Assert.Contains("aws_ecs_service.mlflow ~ update", drift.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_half_written_reports_never_count_as_healthy()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(Path.Combine(folder.Path, "verify.json"), """{"outcome":"heal""");

        var (health, drift) = await Read(folder.Path);

        Assert.False(health.Healthy);
        Assert.Contains("verify.json", health.Markdown, StringComparison.Ordinal);
        Assert.False(drift.Healthy);
        Assert.Contains("could not run", drift.Markdown, StringComparison.Ordinal);
    }
}

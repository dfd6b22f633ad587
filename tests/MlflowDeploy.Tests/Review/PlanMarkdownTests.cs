using MlflowDeploy.Review;
using MlflowDeploy.GitHub;

namespace MlflowDeploy.Tests.Review;

public sealed class PlanMarkdownTests
{
    private static readonly WorkflowRunLink Run = new("0123456789abcdef0123456789abcdef01234567", "https://github.com/acme/mlflow/actions/runs/42");

    private static async Task<string> RenderFixtureAsync(string fixture, string? planText = null) =>
        PlanMarkdown.Render(new PlanMarkdownInput
        {
            Environment = "staging",
            Summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json(fixture), CancellationToken.None),
            PlanText = planText ?? PlanFixtures.Text(fixture),
            Run = Run,
        });

    private static PlanSummary Summary(IReadOnlyList<PlannedResource> resources, IReadOnlyList<string>? outputs = null, IReadOnlyList<PlannedResource>? drift = null) => new()
    {
        ToAdd = resources.Count(r => r.Action == PlanAction.Create),
        ToChange = 0,
        ToDestroy = resources.Count(r => r.Action == PlanAction.Delete),
        ToReplace = 0,
        Reads = 0,
        NoOps = 0,
        Resources = resources,
        ChangedOutputs = outputs ?? [],
        Drift = drift ?? [],
    };

    [Fact]
    public async Task A_replace_plan_puts_title_counts_and_the_data_loss_block_first_with_no_marker()
    {
        var markdown = await RenderFixtureAsync("replace");
        var lines = markdown.Split('\n');

        Assert.StartsWith("### ⚠ Terraform plan · `staging` — data loss", lines[0]);
        Assert.DoesNotContain("<!--", markdown);
        Assert.Contains("**Plan: 0 to add, 0 to change, 0 to destroy, 1 to replace**", markdown);
        var warning = markdown.IndexOf("⚠ Data loss", StringComparison.Ordinal);
        Assert.True(warning > 0 && warning < markdown.IndexOf("<details>", StringComparison.Ordinal));
        Assert.Contains("`aws_db_instance.this` — replace, forced by `db_name`", markdown);
        Assert.Contains("must be replaced", markdown); // the plan text
        Assert.Contains("commit `0123456789ab`", markdown);
        Assert.Contains("[workflow run](https://github.com/acme/mlflow/actions/runs/42)", markdown);
        Assert.DoesNotContain(PlanFixtures.Sentinel, markdown);
    }

    [Fact]
    public async Task A_plan_without_changes_says_so_in_one_line()
    {
        var markdown = await RenderFixtureAsync("noop");

        var body = markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, body.Length); // the line, footer
        Assert.Equal("### ✅ Terraform plan · `staging` — no changes: infrastructure matches the configuration", body[0]);
    }

    [Fact]
    public async Task A_change_plan_is_marked_as_changes_and_groups_resources()
    {
        var markdown = await RenderFixtureAsync("change");

        Assert.Contains("### 📝 Terraform plan · `staging` — changes", markdown);
        Assert.Contains("**Change in place** (1)\n- `aws_ecs_service.mlflow`", markdown);
        Assert.DoesNotContain("Data loss", markdown);
    }

    [Fact]
    public void A_plan_terraform_reports_as_errored_is_marked_failed()
    {
        var summary = Summary([new PlannedResource("aws_ecs_service.mlflow", "aws_ecs_service", PlanAction.Create, [])]) with { Errored = true };

        var markdown = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "production", Summary = summary });

        Assert.StartsWith("### ❌ Terraform plan · `production` — failed", markdown);
    }

    [Fact]
    public async Task Backtick_fences_inside_the_plan_text_cannot_close_the_block()
    {
        var markdown = await RenderFixtureAsync("change", planText: "line one\n```\nnot markdown\n````\nend\n");

        Assert.Contains("`````text\nline one\n```\nnot markdown\n````\nend\n`````\n", markdown);
    }

    [Fact]
    public async Task An_oversized_plan_text_is_cut_at_its_head_with_a_note_and_the_run_link()
    {
        var lines = Enumerable.Range(0, 20_000).Select(i => $"      ~ attribute_{i:D5} = \"old\" -> \"new\"");
        var huge = string.Join('\n', lines);

        var markdown = await RenderFixtureAsync("replace", planText: huge);

        Assert.True(markdown.Length <= PlanMarkdown.MaxLength, $"{markdown.Length} characters");
        Assert.Contains("attribute_00000", markdown);
        Assert.DoesNotContain("attribute_19999", markdown);
        Assert.Matches(@"✂ Cut: showing the first \d+ of 20000 lines\. The full output is in the \[workflow run\]\(https://github.com/acme/mlflow/actions/runs/42\)", markdown);
        Assert.Contains("⚠ Data loss", markdown); // never cut
        Assert.EndsWith("</sub>\n", markdown);
    }

    [Fact]
    public void Ten_thousand_resources_still_fit_with_the_list_cut_and_counted()
    {
        var resources = Enumerable.Range(0, 10_000)
            .Select(i => new PlannedResource($"terraform_data.item[{i}]", "terraform_data", PlanAction.Create, []))
            .ToList();
        var summary = Summary(resources);

        var markdown = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "dev", Summary = summary, PlanText = new string('x', 200_000), Run = Run });

        Assert.True(markdown.Length <= PlanMarkdown.MaxLength, $"{markdown.Length} characters");
        Assert.Contains("**Plan: 10000 to add, 0 to change, 0 to destroy, 0 to replace**", markdown);
        Assert.Matches(@"- … and \d+ more", markdown);
        Assert.Contains("✂ Cut: the plan output is too long for a comment", markdown);
    }

    [Fact]
    public async Task The_console_text_has_the_counts_line_and_the_data_loss_warning()
    {
        var summary = await PlanSummaryReader.ReadAsync(PlanFixtures.Json("replace"), CancellationToken.None);

        var text = PlanConsoleText.Render("staging", summary);

        Assert.StartsWith("staging: Plan: 0 to add, 0 to change, 0 to destroy, 1 to replace\n⚠ DATA LOSS: aws_db_instance.this (replace: db_name)\n", text);
        Assert.Contains("-/+ aws_db_instance.this  (forced by db_name)", text);
    }

    [Fact]
    public void Every_section_at_once_oversized_still_fits_a_comment_with_its_marker()
    {
        var name = new string('n', 120);
        var destroyed = Enumerable.Range(0, 5_000)
            .Select(i => new PlannedResource($"aws_s3_bucket.{name}[{i}]", "aws_s3_bucket", PlanAction.Delete, []));
        var created = Enumerable.Range(0, 5_000)
            .Select(i => new PlannedResource($"terraform_data.{name}[{i}]", "terraform_data", PlanAction.Create, []));
        var drift = Enumerable.Range(0, 5_000)
            .Select(i => new PlannedResource($"aws_security_group.{name}[{i}]", "aws_security_group", PlanAction.Update, []))
            .ToList();
        var summary = Summary([.. destroyed, .. created], Enumerable.Range(0, 5_000).Select(i => $"{name}_{i}").ToList(), drift);

        var markdown = PlanMarkdown.Render(new PlanMarkdownInput { Environment = "staging", Summary = summary, PlanText = new string('x', 300_000), Run = Run });

        Assert.True(markdown.Length <= PlanMarkdown.MaxLength, $"{markdown.Length} characters");
        Assert.True(PlanMarkdown.MaxLength + GitHubLimits.MarkerLineLength <= GitHubLimits.BodyLength);
        Assert.StartsWith("### ⚠ Terraform plan · `staging` — data loss", markdown);
        Assert.Contains("**Plan: 5000 to add, 0 to change, 5000 to destroy, 0 to replace**", markdown);
        Assert.Contains("⚠ Data loss", markdown);
    }
}

using MlflowDeploy.GitHub;

namespace MlflowDeploy.Tests.GitHub;

public sealed class IncidentIssueTests
{
    private static readonly TimeProvider Night = new FixedClock(new DateTimeOffset(2026, 11, 27, 2, 17, 0, TimeSpan.Zero));

    private static IncidentReport Health(bool healthy, string markdown = "| check | status |\n|---|---|\n| mlflow.health | ❌ fail |", string environment = "production") => new()
    {
        Kind = IncidentKind.Health,
        Environment = environment,
        Healthy = healthy,
        Markdown = markdown,
        RunUrl = "https://github.example/acme/mlflow-deploy/actions/runs/42",
    };

    private static Task<IncidentOutcome> Report(IncidentIssuesFake github, IncidentReport report) =>
        IncidentIssue.ReportAsync(report, CancellationToken.None, environment: github.Environment(), clock: Night);

    [Fact]
    public async Task An_unhealthy_night_with_no_open_issue_opens_one_with_the_label_and_the_report()
    {
        using var github = new IncidentIssuesFake();

        var outcome = await Report(github, Health(false));

        Assert.Equal(IncidentAction.Opened, outcome.Action);
        var issue = Assert.Single(github.Issues);
        Assert.Equal(outcome.IssueNumber, issue.Number);
        Assert.Equal("MLflow production is unhealthy", issue.Title);
        Assert.Equal(["mlflow-health"], issue.Labels);
        Assert.StartsWith("<!-- mlflow-deploy:incident:mlflow-health:production -->\n", issue.Body, StringComparison.Ordinal);
        Assert.Contains("| mlflow.health | ❌ fail |", issue.Body, StringComparison.Ordinal);
        Assert.Contains("2026-11-27 02:17 UTC", issue.Body, StringComparison.Ordinal);
        Assert.Contains("([run](https://github.example/acme/mlflow-deploy/actions/runs/42))", issue.Body, StringComparison.Ordinal);
        // The label did not exist: it was created before the issue that carries it.
        Assert.Contains("mlflow-health", github.Labels);
        var list = github.Server.LogEntries.First(e => e.RequestMessage.Method == "GET" && e.RequestMessage.Path.EndsWith("/issues", StringComparison.Ordinal));
        Assert.Equal("open", list.RequestMessage.Query!["state"].Single());
        Assert.Equal("mlflow-health", list.RequestMessage.Query!["labels"].Single());
    }

    [Fact]
    public async Task A_second_unhealthy_night_updates_the_open_issue_instead_of_opening_another()
    {
        using var github = new IncidentIssuesFake();
        github.Labels.Add("mlflow-health");
        await Report(github, Health(false, "first night"));

        var outcome = await Report(github, Health(false, "second night"));

        Assert.Equal(IncidentAction.Updated, outcome.Action);
        var issue = Assert.Single(github.Issues);
        Assert.Equal("open", issue.State);
        Assert.Contains("second night", issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("first night", issue.Body, StringComparison.Ordinal);
        Assert.Empty(github.Comments);
        Assert.Single(github.Writes, e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path.EndsWith("/issues", StringComparison.Ordinal));
        // Only the body is sent: an empty labels or assignees list would strip what people added to the issue.
        var patch = Assert.Single(github.Writes, e => e.RequestMessage.Method == "PATCH");
        Assert.Equal(["body"], System.Text.Json.JsonDocument.Parse(patch.RequestMessage.Body!).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(github.Writes, e => e.RequestMessage.Path.EndsWith("/labels", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_healthy_night_comments_recovered_and_closes_the_open_issue()
    {
        using var github = new IncidentIssuesFake();
        await Report(github, Health(false));

        var outcome = await Report(github, Health(true, "all green"));

        Assert.Equal(IncidentAction.Closed, outcome.Action);
        var issue = Assert.Single(github.Issues);
        Assert.Equal(("closed", "completed"), (issue.State, issue.StateReason));
        var comment = Assert.Single(github.Comments);
        Assert.Equal(issue.Number, comment.Issue);
        Assert.StartsWith("✅ Recovered", comment.Body, StringComparison.Ordinal);
        Assert.Contains("`production`", comment.Body, StringComparison.Ordinal);
        Assert.Contains("actions/runs/42", comment.Body, StringComparison.Ordinal);
        var close = github.Writes.Last(e => e.RequestMessage.Method == "PATCH");
        Assert.Equal(["state", "state_reason"], System.Text.Json.JsonDocument.Parse(close.RequestMessage.Body!).RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_healthy_night_with_no_open_issue_writes_nothing()
    {
        using var github = new IncidentIssuesFake();
        github.Seed("old outage", IncidentIssue.Marker(Health(true)), state: "closed", labels: "mlflow-health");

        var outcome = await Report(github, Health(true));

        Assert.Equal(IncidentAction.NothingToDo, outcome.Action);
        Assert.Empty(github.Writes);
    }

    [Fact]
    public async Task The_full_cycle_open_update_close_then_a_new_outage_opens_a_fresh_issue()
    {
        using var github = new IncidentIssuesFake();

        var actions = new List<IncidentAction>();
        foreach (var healthy in new[] { false, false, true, true, false })
        {
            actions.Add((await Report(github, Health(healthy))).Action);
        }

        Assert.Equal([IncidentAction.Opened, IncidentAction.Updated, IncidentAction.Closed, IncidentAction.NothingToDo, IncidentAction.Opened], actions);
        Assert.Equal(["closed", "open"], github.Issues.Select(i => i.State));
    }

    [Fact]
    public async Task Issues_filed_by_people_other_environments_and_pull_requests_are_left_alone()
    {
        using var github = new IncidentIssuesFake();
        github.Labels.Add("mlflow-health");
        var human = github.Seed("MLflow slow for me", "the UI takes 10 s", labels: "mlflow-health");
        var staging = github.Seed("MLflow staging is unhealthy", IncidentIssue.Marker(Health(false, environment: "staging")), labels: "mlflow-health");
        var pr = github.Seed("Fix health", IncidentIssue.Marker(Health(false)), isPullRequest: true, labels: "mlflow-health");

        var healthy = await Report(github, Health(true));
        var unhealthy = await Report(github, Health(false));

        Assert.Equal(IncidentAction.NothingToDo, healthy.Action);
        Assert.Equal(IncidentAction.Opened, unhealthy.Action);
        Assert.Equal(4, github.Issues.Count);
        Assert.All([human, staging, pr], i => Assert.Equal("open", i.State));
        Assert.Equal("the UI takes 10 s", human.Body);
        Assert.Empty(github.Comments);
    }

    [Fact]
    public async Task Health_and_drift_keep_separate_issues()
    {
        using var github = new IncidentIssuesFake();

        await Report(github, Health(false));
        var drift = await Report(github, new IncidentReport { Kind = IncidentKind.Drift, Environment = "production", Healthy = false, Markdown = "2 to change" });
        var recovered = await Report(github, Health(true));

        Assert.Equal(IncidentAction.Opened, drift.Action);
        Assert.Equal(IncidentAction.Closed, recovered.Action);
        var driftIssue = github.Issues.Single(i => i.Labels.Contains("infra-drift"));
        Assert.Equal(("Infrastructure drift in production", "open"), (driftIssue.Title, driftIssue.State));
        Assert.Equal("closed", github.Issues.Single(i => i.Labels.Contains("mlflow-health")).State);
    }

    [Fact]
    public async Task A_report_longer_than_an_issue_allows_is_cut_with_a_pointer_to_the_artifacts()
    {
        using var github = new IncidentIssuesFake();

        await Report(github, Health(false, new string('x', 200_000)));

        var body = Assert.Single(github.Issues).Body;
        Assert.Equal(GitHubLimits.BodyLength, body.Length);
        Assert.EndsWith("the full report is in the run's artifacts)\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_nothing_is_filed_and_the_run_goes_on()
    {
        using var github = new IncidentIssuesFake();

        var outcome = await IncidentIssue.ReportAsync(Health(false), CancellationToken.None, environment: github.Environment(token: null));

        Assert.Equal(IncidentAction.Skipped, outcome.Action);
        Assert.Contains("GITHUB_TOKEN", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(github.Server.LogEntries);
    }

    [Fact]
    public async Task A_token_without_issues_write_fails_with_one_line_naming_the_permission()
    {
        using var github = new IncidentIssuesFake { FailWritesWith = 403 };
        github.Labels.Add("mlflow-health");

        var error = await Assert.ThrowsAsync<ActionableError>(() => Report(github, Health(false)));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("issues: write", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("test-token", error.Message, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

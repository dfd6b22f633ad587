using System.Globalization;
using Octokit;

namespace MlflowDeploy.GitHub;

/// <summary>
/// Keeps at most one open issue per incident kind and environment: opens it when a nightly check fails,
/// rewrites its body with the latest report while the check keeps failing, and comments and closes it when
/// the check passes again. The issue is found by its label and a hidden marker naming the environment, so
/// a person's own issue with the same label is never edited or closed.
/// </summary>
public static class IncidentIssue
{
    private const string Truncated = "\n\n… (report cut to fit GitHub's issue size limit; the full report is in the run's artifacts)\n";

    public static async Task<IncidentOutcome> ReportAsync(
        IncidentReport report,
        CancellationToken ct,
        GitHubSettings? settings = null,
        Func<string, string?>? environment = null,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (string.IsNullOrWhiteSpace(report.Environment))
        {
            throw new ArgumentException("the report must name its environment", nameof(report));
        }

        settings ??= GitHubSettings.FromEnvironment(environment);
        var connection = GitHubConnection.TryCreate(settings);
        if (connection is null)
        {
            return new IncidentOutcome(IncidentAction.Skipped,
                $"no GITHUB_TOKEN: the {report.Kind.Label()} issue for {report.Environment} was not filed; the report is in the artifacts");
        }

        var label = report.Kind.Label();
        var marker = Marker(report);
        var open = await FindOpenAsync(connection, label, marker, ct).ConfigureAwait(false);

        if (report.Healthy)
        {
            if (open is null)
            {
                return new IncidentOutcome(IncidentAction.NothingToDo, $"{label}: {report.Environment} is healthy and no issue is open");
            }

            await connection.CallAsync($"commenting on issue #{open.Number}",
                client => client.Issue.Comment.Create(connection.Owner, connection.Name, open.Number, RecoveryComment(report, clock)),
                ct).ConfigureAwait(false);
            var closed = await PatchAsync(connection, open.Number, new { state = "closed", state_reason = "completed" }, $"closing issue #{open.Number}", ct).ConfigureAwait(false);
            return new IncidentOutcome(IncidentAction.Closed, $"{label}: {report.Environment} recovered; closed issue #{closed.Number}: {closed.HtmlUrl}", closed.Number, closed.HtmlUrl);
        }

        var body = Body(report, marker, clock);
        if (open is not null)
        {
            var updated = await PatchAsync(connection, open.Number, new { body }, $"updating issue #{open.Number}", ct).ConfigureAwait(false);
            return new IncidentOutcome(IncidentAction.Updated, $"{label}: still failing; updated issue #{updated.Number}: {updated.HtmlUrl}", updated.Number, updated.HtmlUrl);
        }

        await EnsureLabelAsync(connection, report.Kind, ct).ConfigureAwait(false);
        var issue = new NewIssue(report.Kind.Title(report.Environment)) { Body = body };
        issue.Labels.Add(label);
        var created = await connection.CallAsync($"opening a {label} issue",
            client => client.Issue.Create(connection.Owner, connection.Name, issue), ct).ConfigureAwait(false);
        return new IncidentOutcome(IncidentAction.Opened, $"{label}: opened issue #{created.Number}: {created.HtmlUrl}", created.Number, created.HtmlUrl);
    }

    /// <summary>Identifies the issue among all open issues with the label; one per kind and environment.</summary>
    public static string Marker(IncidentReport report) =>
        $"<!-- mlflow-deploy:incident:{report.Kind.Label()}:{report.Environment} -->";

    private static async Task<Issue?> FindOpenAsync(GitHubConnection connection, string label, string marker, CancellationToken ct)
    {
        var request = new RepositoryIssueRequest { State = ItemStateFilter.Open, SortProperty = IssueSort.Created, SortDirection = SortDirection.Ascending };
        request.Labels.Add(label);
        var issues = await connection.CallAsync($"listing open {label} issues",
            client => client.Issue.GetAllForRepository(connection.Owner, connection.Name, request, new ApiOptions { PageSize = 100 }),
            ct).ConfigureAwait(false);
        // The issues endpoint lists pull requests too; a PR with the label is not ours.
        return issues.FirstOrDefault(i => i.PullRequest is null && i.Body?.Contains(marker, StringComparison.Ordinal) == true);
    }

    /// <summary>
    /// Edits only the given fields. Octokit's IssueUpdate always sends "milestone" (null unless set), which
    /// would take the milestone off an issue someone had planned; so the PATCH carries just these fields.
    /// </summary>
    private static async Task<Issue> PatchAsync(GitHubConnection connection, int number, object fields, string what, CancellationToken ct)
    {
        var response = await connection.CallAsync(what,
            client => client.Connection.Patch<Issue>(ApiUrls.Issue(connection.Owner, connection.Name, number), fields),
            ct).ConfigureAwait(false);
        return response.Body;
    }

    /// <summary>Creates the label on first use, so that a fresh repository needs no manual step.</summary>
    private static async Task EnsureLabelAsync(GitHubConnection connection, IncidentKind kind, CancellationToken ct)
    {
        var label = kind.Label();
        var exists = await connection.CallAsync($"looking up label {label}", async client =>
        {
            try
            {
                await client.Issue.Labels.Get(connection.Owner, connection.Name, label).ConfigureAwait(false);
                return true;
            }
            catch (NotFoundException)
            {
                return false;
            }
        }, ct).ConfigureAwait(false);
        if (!exists)
        {
            await connection.CallAsync($"creating label {label}",
                client => client.Issue.Labels.Create(connection.Owner, connection.Name,
                    new NewLabel(label, kind.Colour()) { Description = kind.LabelDescription() }),
                ct).ConfigureAwait(false);
        }
    }

    internal static string Body(IncidentReport report, string marker, TimeProvider? clock)
    {
        var header = $"{marker}\n**{Headline(report.Kind)}** in `{report.Environment}` — last checked {Now(clock)}{RunLink(report.RunUrl)}.\n" +
                     "This issue is updated by every nightly run while the check fails, and closed by the first run that passes.\n\n";
        var text = header + report.Markdown.TrimEnd() + "\n";
        return text.Length <= GitHubLimits.BodyLength ? text : text[..(GitHubLimits.BodyLength - Truncated.Length)] + Truncated;
    }

    private static string RecoveryComment(IncidentReport report, TimeProvider? clock) =>
        $"✅ Recovered: the nightly {(report.Kind == IncidentKind.Health ? "health check" : "drift check")} passed for `{report.Environment}` at {Now(clock)}{RunLink(report.RunUrl)}. Closing.";

    private static string Headline(IncidentKind kind) =>
        kind == IncidentKind.Health ? "The nightly MLflow health check failed" : "The nightly plan found drift";

    private static string RunLink(string? runUrl) => runUrl is null ? "" : $" ([run]({runUrl}))";

    private static string Now(TimeProvider? clock) =>
        (clock ?? TimeProvider.System).GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

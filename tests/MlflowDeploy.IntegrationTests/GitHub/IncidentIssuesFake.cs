using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace MlflowDeploy.Tests.GitHub;

/// <summary>
/// A stateful WireMock stand-in for the GitHub Enterprise issues API (Octokit's /api/v3/ prefix): issues,
/// issue comments and labels live in memory, so a sequence of nightly runs sees what earlier runs did.
/// Filtering follows GitHub: <c>state</c> and a comma-separated <c>labels</c> query, pull requests included.
/// </summary>
internal sealed partial class IncidentIssuesFake : IDisposable
{
    public const string Owner = "acme";
    public const string Repo = "mlflow-deploy";

    private readonly object _gate = new();
    private int _nextNumber = 1;

    public IncidentIssuesFake()
    {
        Server = WireMockServer.Start();
        var repo = $"/api/v3/repos/{Owner}/{Repo}";
        Server.Given(Request.Create().WithPath($"{repo}/issues").UsingGet()).RespondWith(Response.Create().WithCallback(ListIssues));
        Server.Given(Request.Create().WithPath($"{repo}/issues").UsingPost()).RespondWith(Response.Create().WithCallback(CreateIssue));
        Server.Given(Request.Create().WithPath(new RegexMatcher($"^{repo}/issues/[0-9]+$")).UsingPatch()).RespondWith(Response.Create().WithCallback(UpdateIssue));
        Server.Given(Request.Create().WithPath(new RegexMatcher($"^{repo}/issues/[0-9]+/comments$")).UsingPost()).RespondWith(Response.Create().WithCallback(CreateComment));
        Server.Given(Request.Create().WithPath(new RegexMatcher($"^{repo}/labels/[^/]+$")).UsingGet()).RespondWith(Response.Create().WithCallback(GetLabel));
        Server.Given(Request.Create().WithPath($"{repo}/labels").UsingPost()).RespondWith(Response.Create().WithCallback(CreateLabel));
    }

    public WireMockServer Server { get; }

    public List<FakeIssue> Issues { get; } = [];

    public List<(int Issue, string Body)> Comments { get; } = [];

    public HashSet<string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every write (POST/PATCH) is answered with this status and a GitHub error body.</summary>
    public int? FailWritesWith { get; set; }

    public Func<string, string?> Environment(string? token = "test-token") => name => name switch
    {
        "GITHUB_TOKEN" => token,
        "GITHUB_API_URL" => Server.Url,
        "GITHUB_REPOSITORY" => $"{Owner}/{Repo}",
        _ => null,
    };

    public FakeIssue Seed(string title, string body, string state = "open", bool isPullRequest = false, params string[] labels)
    {
        lock (_gate)
        {
            var issue = new FakeIssue(_nextNumber++, title, body, state, [.. labels], isPullRequest);
            Issues.Add(issue);
            return issue;
        }
    }

    public IEnumerable<WireMock.Logging.ILogEntry> Writes =>
        Server.LogEntries.Where(e => e.RequestMessage.Method is "POST" or "PATCH" or "PUT" or "DELETE");

    public void Dispose() => Server.Stop();

    private IResponseMessage ListIssues(IRequestMessage request)
    {
        var query = request.Query ?? new Dictionary<string, WireMockList<string>>();
        var state = query.TryGetValue("state", out var s) ? s.Single() : "open";
        var wanted = query.TryGetValue("labels", out var l) ? l.Single().Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        lock (_gate)
        {
            var matching = Issues
                .Where(i => state == "all" || i.State == state)
                .Where(i => wanted.All(i.Labels.Contains))
                .Select(Json)
                .ToList();
            return Answer(200, matching);
        }
    }

    private IResponseMessage CreateIssue(IRequestMessage request)
    {
        if (FailWritesWith is int failure)
        {
            return Failure(failure);
        }

        using var body = JsonDocument.Parse(request.Body!);
        var labels = body.RootElement.TryGetProperty("labels", out var l) ? l.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        var issue = Seed(body.RootElement.GetProperty("title").GetString()!, body.RootElement.GetProperty("body").GetString()!, labels: labels);
        return Answer(201, Json(issue));
    }

    private IResponseMessage UpdateIssue(IRequestMessage request)
    {
        if (FailWritesWith is int failure)
        {
            return Failure(failure);
        }

        var number = int.Parse(NumberInPath().Match(request.Path).Groups[1].Value);
        using var body = JsonDocument.Parse(request.Body!);
        lock (_gate)
        {
            var issue = Issues.SingleOrDefault(i => i.Number == number);
            if (issue is null)
            {
                return Failure(404);
            }

            if (body.RootElement.TryGetProperty("body", out var text))
            {
                issue.Body = text.GetString()!;
            }

            if (body.RootElement.TryGetProperty("state", out var state))
            {
                issue.State = state.GetString()!;
            }

            if (body.RootElement.TryGetProperty("state_reason", out var reason))
            {
                issue.StateReason = reason.GetString();
            }

            return Answer(200, Json(issue));
        }
    }

    private IResponseMessage CreateComment(IRequestMessage request)
    {
        if (FailWritesWith is int failure)
        {
            return Failure(failure);
        }

        var number = int.Parse(NumberInPath().Match(request.Path).Groups[1].Value);
        using var body = JsonDocument.Parse(request.Body!);
        var text = body.RootElement.GetProperty("body").GetString()!;
        lock (_gate)
        {
            Comments.Add((number, text));
            var id = 5000 + Comments.Count;
            return Answer(201, new
            {
                id,
                node_id = $"IC_{id}",
                body = text,
                html_url = $"https://github.example/{Owner}/{Repo}/issues/{number}#issuecomment-{id}",
                url = $"https://github.example/api/v3/repos/{Owner}/{Repo}/issues/comments/{id}",
                created_at = "2026-11-27T02:00:00Z",
                updated_at = "2026-11-27T02:00:00Z",
                user = new { login = "github-actions[bot]", id = 41898282 },
            });
        }
    }

    private IResponseMessage GetLabel(IRequestMessage request)
    {
        var name = Uri.UnescapeDataString(request.Path[(request.Path.LastIndexOf('/') + 1)..]);
        lock (_gate)
        {
            return Labels.Contains(name) ? Answer(200, Label(name)) : Failure(404);
        }
    }

    private IResponseMessage CreateLabel(IRequestMessage request)
    {
        if (FailWritesWith is int failure)
        {
            return Failure(failure);
        }

        using var body = JsonDocument.Parse(request.Body!);
        var name = body.RootElement.GetProperty("name").GetString()!;
        lock (_gate)
        {
            return Labels.Add(name) ? Answer(201, Label(name)) : Failure(422);
        }
    }

    private static object Label(string name) => new { id = name.Length, node_id = $"LA_{name}", name, color = "d73a4a", @default = false, url = $"https://github.example/api/v3/repos/{Owner}/{Repo}/labels/{name}" };

    private static object Json(FakeIssue issue) => new
    {
        id = 900_000 + issue.Number,
        node_id = $"I_{issue.Number}",
        number = issue.Number,
        title = issue.Title,
        body = issue.Body,
        state = issue.State,
        state_reason = issue.StateReason,
        html_url = $"https://github.example/{Owner}/{Repo}/issues/{issue.Number}",
        url = $"https://github.example/api/v3/repos/{Owner}/{Repo}/issues/{issue.Number}",
        labels = issue.Labels.Select(Label).ToArray(),
        user = new { login = "github-actions[bot]", id = 41898282 },
        pull_request = issue.IsPullRequest ? new { url = $"https://github.example/api/v3/repos/{Owner}/{Repo}/pulls/{issue.Number}" } : null,
        comments = 0,
        created_at = "2026-11-26T02:00:00Z",
        updated_at = "2026-11-26T02:00:00Z",
    };

    private static ResponseMessage Answer(int status, object body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json; charset=utf-8") },
        BodyData = new BodyData
        {
            BodyAsString = JsonSerializer.Serialize(body),
            DetectedBodyType = BodyType.String,
            Encoding = Encoding.UTF8,
        },
    };

    private static ResponseMessage Failure(int status) => Answer(status, new
    {
        message = status switch { 403 => "Resource not accessible by integration", 404 => "Not Found", 422 => "Validation Failed", _ => "Server Error" },
        documentation_url = "https://docs.github.com/rest",
    });

    [GeneratedRegex("/issues/([0-9]+)")]
    private static partial Regex NumberInPath();

    internal sealed class FakeIssue(int number, string title, string body, string state, List<string> labels, bool isPullRequest)
    {
        public int Number { get; } = number;
        public string Title { get; } = title;
        public string Body { get; set; } = body;
        public string State { get; set; } = state;
        public string? StateReason { get; set; }
        public List<string> Labels { get; } = labels;
        public bool IsPullRequest { get; } = isPullRequest;
    }
}

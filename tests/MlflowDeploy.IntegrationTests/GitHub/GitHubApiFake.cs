using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowDeploy.Tests.GitHub;

/// <summary>
/// A WireMock stand-in for the GitHub Enterprise REST API (the /api/v3/ prefix Octokit adds for any host but
/// api.github.com), serving issue comments the way GitHub does: JSON arrays, Link headers for paging.
/// </summary>
internal sealed class GitHubApiFake : IDisposable
{
    public const string Owner = "acme";
    public const string Repo = "mlflow-deploy";
    public const int Pr = 7;

    public GitHubApiFake()
    {
        Server = WireMockServer.Start();
    }

    public WireMockServer Server { get; }

    public string CommentsPath => $"/api/v3/repos/{Owner}/{Repo}/issues/{Pr}/comments";

    public static string CommentPath(long id) => $"/api/v3/repos/{Owner}/{Repo}/issues/comments/{id}";

    public Func<string, string?> Environment(string? token = "test-token") => name => name switch
    {
        "GITHUB_TOKEN" => token,
        "GITHUB_API_URL" => Server.Url,
        "GITHUB_REPOSITORY" => $"{Owner}/{Repo}",
        _ => null,
    };

    public static object Comment(long id, string body) => new
    {
        id,
        node_id = $"IC_{id}",
        body,
        html_url = $"https://github.example/{Owner}/{Repo}/pull/{Pr}#issuecomment-{id}",
        url = $"https://github.example/api/v3/repos/{Owner}/{Repo}/issues/comments/{id}",
        created_at = "2026-11-27T10:00:00Z",
        updated_at = "2026-11-27T10:00:00Z",
        user = new { login = "github-actions[bot]", id = 41898282 },
    };

    public IEnumerable<WireMock.Logging.ILogEntry> Requests(string method, string path) =>
        Server.LogEntries.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path == path);

    /// <summary>The body field of the JSON a request sent.</summary>
    public static string SentBody(WireMock.Logging.ILogEntry entry) =>
        JsonDocument.Parse(entry.RequestMessage.Body!).RootElement.GetProperty("body").GetString()!;

    public void ListComments(params object[] comments) =>
        Server.Given(Request.Create().WithPath(CommentsPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBodyAsJson(comments));

    public void AcceptCreate(long id) =>
        Server.Given(Request.Create().WithPath(CommentsPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBodyAsJson(Comment(id, "created")));

    public void AcceptUpdate(long id) =>
        Server.Given(Request.Create().WithPath(CommentPath(id)).UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBodyAsJson(Comment(id, "updated")));

    public void Dispose() => Server.Stop();
}

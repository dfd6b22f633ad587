using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowDeploy.Tests.GitHub;

/// <summary>
/// A WireMock stand-in for the GitHub Enterprise REST API (the /api/v3/ prefix Octokit adds for any host but
/// api.github.com), serving issue comments the way GitHub does: JSON arrays, Link headers for paging. Its
/// GraphQL endpoint (/api/graphql on Enterprise) names the token's account as the workflow's GITHUB_TOKEN
/// does, "github-actions[bot]", unless a test says otherwise.
/// </summary>
internal sealed class GitHubApiFake : IDisposable
{
    public const string Owner = "acme";
    public const string Repo = "mlflow-deploy";
    public const int Pr = 7;
    public const string ActionsBot = "github-actions[bot]";
    public const string GraphQlPath = "/api/graphql";
    public const string UserPath = "/api/v3/user";

    public GitHubApiFake()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath(GraphQlPath).UsingPost()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBodyAsJson(Viewer(ActionsBot)));
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

    /// <summary>A comment as GitHub lists it; written by the Actions bot unless <paramref name="author"/> says otherwise.</summary>
    public static object Comment(long id, string body, string author = ActionsBot) => new
    {
        id,
        node_id = $"IC_{id}",
        body,
        html_url = $"https://github.example/{Owner}/{Repo}/pull/{Pr}#issuecomment-{id}",
        url = $"https://github.example/api/v3/repos/{Owner}/{Repo}/issues/comments/{id}",
        created_at = "2026-11-27T10:00:00Z",
        updated_at = "2026-11-27T10:00:00Z",
        user = author == ActionsBot
            ? new { login = author, id = 41898282L, type = "Bot" }
            : new { login = author, id = 1000L + author.Length, type = "User" },
    };

    private static object Viewer(string login) => new { data = new { viewer = new { login } } };

    /// <summary>GraphQL answers for another account: a GitHub App's bot or a personal access token's user.</summary>
    public void ViewerIs(string login) =>
        Server.Given(Request.Create().WithPath(GraphQlPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBodyAsJson(Viewer(login)));

    /// <summary>GraphQL refuses the token, as it does some fine-grained personal access tokens.</summary>
    public void RefuseGraphQl() =>
        Server.Given(Request.Create().WithPath(GraphQlPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithBody("""{"message":"Resource not accessible by personal access token","documentation_url":"https://docs.github.com/graphql"}"""));

    /// <summary>GET /user: the user for a personal access token, or 403 as for an installation token.</summary>
    public void UserIs(string? login) =>
        Server.Given(Request.Create().WithPath(UserPath).UsingGet())
            .RespondWith(login is null
                ? Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                    .WithBody("""{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/users/users#get-the-authenticated-user"}""")
                : Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                    .WithBodyAsJson(new { login, id = 583231, type = "User" }));

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

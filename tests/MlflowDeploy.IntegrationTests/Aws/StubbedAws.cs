using MlflowDeploy.Aws;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowDeploy.Tests.Aws;

/// <summary>
/// A real local HTTP server standing in for AWS, and <see cref="AwsClients"/> pointed at it through
/// <c>AWS_ENDPOINT_URL</c>, with millisecond backoff so fault tests run fast.
/// </summary>
internal sealed class StubbedAws : IDisposable
{
    public static readonly AwsCredentials Credentials = new("AKIDSTUB", "stub-secret", "stub-session-token");
    public static readonly AwsRetryPolicy FastRetry = new(5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(5));

    public StubbedAws(AwsRetryPolicy? retry = null)
    {
        Server = WireMockServer.Start();
        var environment = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = Server.Url };
        Clients = AwsClients.Create(Credentials, "eu-west-2", name => environment.GetValueOrDefault(name), retry ?? FastRetry);
    }

    public WireMockServer Server { get; }
    public AwsClients Clients { get; }

    public int RequestCount => Server.LogEntries.Count();

    public static IRequestBuilder JsonCall(string target) =>
        Request.Create().WithPath("/").UsingPost().WithHeader("X-Amz-Target", target);

    public static IRequestBuilder QueryCall(string action) =>
        Request.Create().WithPath("/").UsingPost().WithBody(body => body != null && body.Contains($"Action={action}&"));

    public static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/x-amz-json-1.1").WithBody(body);

    public static IResponseBuilder Xml(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/xml").WithBody(body);

    /// <summary>Answers <paramref name="failures"/> in order, then <paramref name="success"/> for every later call.</summary>
    public void Sequence(IRequestBuilder request, IReadOnlyList<IResponseBuilder> failures, IResponseBuilder success)
    {
        var scenario = Guid.NewGuid().ToString("N");
        for (var i = 0; i < failures.Count; i++)
        {
            var mapping = Server.Given(request).InScenario(scenario);
            if (i > 0) mapping = mapping.WhenStateIs($"s{i}");
            mapping.WillSetStateTo($"s{i + 1}").RespondWith(failures[i]);
        }
        var last = Server.Given(request).InScenario(scenario);
        if (failures.Count > 0) last = last.WhenStateIs($"s{failures.Count}");
        last.RespondWith(success);
    }

    public static string XmlError(string code, string message) =>
        $"<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type><Code>{code}</Code>"
        + $"<Message>{message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";

    public void Dispose()
    {
        Clients.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}

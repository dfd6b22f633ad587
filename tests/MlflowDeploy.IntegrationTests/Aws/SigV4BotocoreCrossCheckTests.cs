using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Aws;

/// <summary>
/// Requests shaped like ours (JSON 1.1 with a session token, a Query form post, a path that non-S3 services
/// escape twice) signed by our signer and by botocore (from the installed awscli); the Authorization lines must match.
/// </summary>
public sealed class SigV4BotocoreCrossCheckTests
{
    private const string Botocore = """
        import json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        out = []
        for case in json.load(sys.stdin):
            request = AWSRequest(method=case["method"], url=case["url"], headers=case["headers"], data=case["body"].encode())
            request.context["timestamp"] = case["headers"]["x-amz-date"]
            auth = SigV4Auth(Credentials(case["key"], case["secret"], case["token"]), case["service"], case["region"])
            auth._modify_request_before_signing(request)
            canonical = auth.canonical_request(request)
            signature = auth.signature(auth.string_to_sign(request, canonical), request)
            out.append(auth._inject_signature_to_request(request, signature).headers["Authorization"])
        print(json.dumps(out))
        """;

    [Fact]
    public async Task Our_signatures_match_botocore()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session/token+with=odd&chars");
        var time = new DateTimeOffset(2026, 11, 27, 15, 4, 5, TimeSpan.Zero);

        var ecs = new HttpRequestMessage(HttpMethod.Post, "https://ecs.eu-west-2.amazonaws.com/")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"cluster":"c","services":["mlflow"]}""")),
        };
        ecs.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        ecs.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices");

        var rds = new HttpRequestMessage(HttpMethod.Post, "https://rds.eu-west-2.amazonaws.com/")
        {
            Content = new FormUrlEncodedContent([new("Action", "DescribeDBInstances"), new("Version", "2014-10-31"), new("DBInstanceIdentifier", "mlflow db")]),
        };

        var path = new HttpRequestMessage(HttpMethod.Get, "https://example.eu-west-2.amazonaws.com/a%20b/%E1%88%B4/c~d?z=1&a=x%2Fy&a=b");

        var cases = new[] { (ecs, "ecs"), (rds, "rds"), (path, "example") };
        var payload = new List<object>();
        foreach (var (request, service) in cases)
        {
            await new SigV4Signer().SignAsync(request, credentials, "eu-west-2", service, time);
            var headers = request.Headers.NonValidated.Where(h => h.Key != "Authorization")
                .Concat(request.Content?.Headers.NonValidated.Where(h => h.Key != "Content-Length") ?? [])
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(',', h.Value));
            payload.Add(new
            {
                method = request.Method.Method,
                url = request.RequestUri!.AbsoluteUri,
                headers,
                body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(),
                key = credentials.AccessKeyId,
                secret = credentials.SecretAccessKey,
                token = credentials.SessionToken,
                service,
                region = "eu-west-2",
            });
        }

        var input = Path.Combine(Path.GetTempPath(), $"sigv4-cases-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(payload));
        ExternalProcess.Result result;
        try
        {
            result = await ExternalProcess.RunAsync("bash", ["-c", $"python3 -c \"$0\" < '{input}'", Botocore], CommandDeadline.Helper);
        }
        finally
        {
            File.Delete(input);
        }
        Assert.True(result.ExitCode == 0, $"python3 with botocore (pip install awscli) failed: {result.StandardError}");
        var expected = JsonSerializer.Deserialize<string[]>(result.StandardOutput)!;

        Assert.Equal(expected, cases.Select(c => c.Item1.Headers.Authorization!.ToString()));
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,", expected[0]);
    }
}

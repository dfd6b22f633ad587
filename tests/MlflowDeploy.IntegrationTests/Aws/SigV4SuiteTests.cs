using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Aws;

/// <summary>
/// AWS's official SigV4 test suite, as shipped in <c>@smithy/signature-v4@1.0.1</c>
/// (<c>dist-cjs/suite.fixture.js</c>, installed by <c>npm ci --prefix tests/tools</c>). Every vector runs.
/// <para>
/// One vector needs a note: <c>get-utf8</c> describes a request whose path goes on the wire as raw UTF-8
/// (<c>/ሴ</c>), which <see cref="Uri"/> can't send: .NET escapes it to <c>/%E1%88%B4</c> first. The suite's
/// expected canonical path is that once-escaped form, which is what our signer produces for a path it must not
/// escape again (S3 mode). The double escaping that non-S3 services apply to the escaped path is checked
/// separately against botocore in <see cref="SigV4BotocoreCrossCheckTests"/>.
/// </para>
/// <para>
/// The suite's path-normalisation vectors (<c>get-relative</c>, <c>get-slash*</c>, <c>get-space</c>) are not in
/// this package version, so there is nothing to skip; .NET's <see cref="Uri"/> removes dot segments itself.
/// </para>
/// </summary>
public sealed class SigV4SuiteTests
{
    private const string MissingFixture = "(fixture missing)";
    private static readonly Lazy<SuiteLoad> Suite = new(LoadSuite);

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        var suite = Suite.Value;
        if (suite.Error is not null)
            data.Add(MissingFixture);
        else
            foreach (var vector in suite.Vectors)
                data.Add(vector.GetProperty("name").GetString()!);
        return data;
    }

    [Fact]
    public void The_suite_fixture_is_installed_and_complete()
    {
        var suite = Suite.Value;
        Assert.True(suite.Error is null, suite.Error);
        // The package ships 24 vectors; fewer would mean a different package version slipped in.
        Assert.Equal(24, suite.Vectors.Count);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task Signs_vector_exactly_like_the_suite(string name)
    {
        var suite = Suite.Value;
        Assert.True(suite.Error is null, suite.Error);
        var vector = suite.Vectors.Single(v => v.GetProperty("name").GetString() == name);
        var spec = vector.GetProperty("request");

        using var request = BuildRequest(spec, out var sessionToken);
        var credentials = new AwsCredentials(
            suite.Root.GetProperty("credentials").GetProperty("accessKeyId").GetString()!,
            suite.Root.GetProperty("credentials").GetProperty("secretAccessKey").GetString()!,
            sessionToken);

        await new SigV4Signer().SignAsync(
            request,
            credentials,
            suite.Root.GetProperty("region").GetString()!,
            suite.Root.GetProperty("service").GetString()!,
            suite.Root.GetProperty("signingDate").GetDateTimeOffset(),
            escapePathTwice: name != "get-utf8");

        Assert.Equal(vector.GetProperty("authorization").GetString(), request.Headers.Authorization!.ToString());
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("x-amz-date").Single());
        if (sessionToken is not null)
            Assert.Equal(sessionToken, request.Headers.GetValues("x-amz-security-token").Single());
    }

    private static HttpRequestMessage BuildRequest(JsonElement spec, out string? sessionToken)
    {
        var query = string.Join('&', spec.GetProperty("query").EnumerateObject()
            .Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value.GetString()!)));
        var uri = new Uri($"{spec.GetProperty("protocol").GetString()}//{spec.GetProperty("hostname").GetString()}"
            + spec.GetProperty("path").GetString() + (query.Length > 0 ? "?" + query : ""));
        var request = new HttpRequestMessage(new HttpMethod(spec.GetProperty("method").GetString()!), uri);
        if (spec.TryGetProperty("body", out var body))
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.GetString()!));

        sessionToken = null;
        foreach (var header in spec.GetProperty("headers").EnumerateObject())
        {
            var value = header.Value.GetString()!;
            switch (header.Name)
            {
                case "x-amz-date":
                    break; // the signer writes it from the signing time
                case "x-amz-security-token":
                    sessionToken = value; // the signer adds and signs it when the credentials carry one
                    break;
                case "content-type":
                    request.Content ??= new ByteArrayContent([]);
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
                    break;
                default:
                    Assert.True(request.Headers.TryAddWithoutValidation(header.Name, value), header.Name);
                    break;
            }
        }
        return request;
    }

    private sealed record SuiteLoad(JsonElement Root, IReadOnlyList<JsonElement> Vectors, string? Error);

    private static SuiteLoad LoadSuite()
    {
        var tools = NodeTools.Folder;
        var fixture = Path.Combine(NodeTools.ModulesAsync().GetAwaiter().GetResult(), "@smithy", "signature-v4", "dist-cjs", "suite.fixture.js");
        if (!File.Exists(fixture))
            return new SuiteLoad(default, [], $"SigV4 suite fixture not found at {fixture}: run `npm ci --prefix tests/tools`");

        const string dump = "const s = require(process.argv[1]); process.stdout.write(JSON.stringify({"
            + "region: s.region, service: s.service, credentials: s.credentials, signingDate: s.signingDate, requests: s.requests }));";
        ExternalProcess.Result result;
        try
        {
            result = ExternalProcess.RunAsync("node", ["-e", dump, fixture], CommandDeadline.Helper, tools).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return new SuiteLoad(default, [], $"could not run node to read {fixture}: {e.Message}; install Node.js 20");
        }
        if (result.ExitCode != 0)
            return new SuiteLoad(default, [], $"node could not read {fixture}: {result.StandardError.Trim()}");

        var root = JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
        return new SuiteLoad(root, root.GetProperty("requests").EnumerateArray().ToList(), null);
    }
}

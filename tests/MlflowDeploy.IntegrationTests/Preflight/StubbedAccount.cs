using MlflowDeploy.Tests.Aws;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>
/// A local HTTP server answering in AWS's own formats for the calls moto lacks or answers differently
/// (DescribeDBEngineVersions, orderable postgres options, an STS that rejects expired credentials).
/// Unknown calls get a 400, so an unexpected call fails the test instead of passing silently.
/// </summary>
public sealed class StubbedAccount : IDisposable
{
    public const string Account = "111122223333";
    public const string Arn = "arn:aws:iam::111122223333:user/deployer";
    private const string RdsNs = "http://rds.amazonaws.com/doc/2014-10-31/";

    public StubbedAccount()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().UsingAnyMethod()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("<ErrorResponse><Error><Code>UnexpectedCall</Code><Message>not stubbed</Message></Error></ErrorResponse>"));
    }

    public WireMockServer Server { get; }

    public string Endpoint => Server.Url!;

    /// <summary>Every call that reached the stub, as "Action" (Query), "GET /bucket?location" (S3) or the JSON target.</summary>
    public IReadOnlyList<string> Calls => Server.LogEntries.Select(e =>
    {
        var request = e.RequestMessage;
        if (request.Headers?.TryGetValue("X-Amz-Target", out var target) == true)
            return target.ToString()!;
        var action = request.Body?.Split('&').FirstOrDefault(p => p.StartsWith("Action=", StringComparison.Ordinal));
        return action is not null ? action["Action=".Length..] : $"{request.Method} {request.Path}{(request.RawQuery is { Length: > 0 } q ? "?" + q : "")}";
    }).ToList();

    public StubbedAccount Identity()
    {
        Server.Given(StubbedAws.QueryCall("GetCallerIdentity")).RespondWith(StubbedAws.Xml(200, $"""
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
            <Arn>{Arn}</Arn><UserId>AIDAEXAMPLEUSERID</UserId><Account>{Account}</Account>
            </GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>
            """));
        return this;
    }

    public StubbedAccount ExpiredCredentials()
    {
        Server.Given(StubbedAws.QueryCall("GetCallerIdentity")).RespondWith(StubbedAws.Xml(403, """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code>
            <Message>The security token included in the request is expired</Message></Error><RequestId>r-2</RequestId></ErrorResponse>
            """));
        return this;
    }

    /// <summary>GetBucketLocation for every bucket: null means NoSuchBucket.</summary>
    /// <summary>An existing state bucket <paramref name="name"/> in <paramref name="region"/>, ahead of <see cref="BucketRegion"/>'s answer.</summary>
    public StubbedAccount StateBucket(string name, string region)
    {
        Server.Given(Request.Create().UsingGet().WithPath(new WireMock.Matchers.WildcardMatcher("/" + name + "*")).WithParam("location")).AtPriority(1)
            .RespondWith(StubbedAws.Xml(200, $"<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{region}</LocationConstraint>"));
        Server.Given(Request.Create().UsingGet().WithPath(new WireMock.Matchers.WildcardMatcher("/" + name + "*")).WithParam("versioning")).AtPriority(1)
            .RespondWith(StubbedAws.Xml(200, "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>"));
        return this;
    }

    public StubbedAccount BucketRegion(string? region)
    {
        var request = Request.Create().UsingGet().WithParam("location");
        Server.Given(request).AtPriority(10).RespondWith(region is null
            ? StubbedAws.Xml(404, "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>")
            : StubbedAws.Xml(200, $"<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">{region}</LocationConstraint>"));
        return this;
    }

    public StubbedAccount BucketOfAnotherAccount()
    {
        Server.Given(Request.Create().UsingGet().WithParam("location"))
            .RespondWith(StubbedAws.Xml(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"));
        return this;
    }

    public StubbedAccount EngineVersions(params (string Version, string Status)[] versions)
    {
        var members = string.Concat(versions.Select(v =>
            $"<DBEngineVersion><Engine>postgres</Engine><EngineVersion>{v.Version}</EngineVersion><Status>{v.Status}</Status></DBEngineVersion>"));
        Server.Given(StubbedAws.QueryCall("DescribeDBEngineVersions")).RespondWith(StubbedAws.Xml(200,
            $"<DescribeDBEngineVersionsResponse xmlns=\"{RdsNs}\"><DescribeDBEngineVersionsResult><DBEngineVersions>{members}</DBEngineVersions></DescribeDBEngineVersionsResult></DescribeDBEngineVersionsResponse>"));
        return this;
    }

    /// <summary>The classes orderable for postgres at any version; a request naming another class gets an empty list.</summary>
    public StubbedAccount OrderableClasses(params string[] classes) => OrderableClasses(multiAzCapable: true, classes);

    public StubbedAccount OrderableClasses(bool multiAzCapable, params string[] classes)
    {
        string Page(IEnumerable<string> listed) =>
            $"<DescribeOrderableDBInstanceOptionsResponse xmlns=\"{RdsNs}\"><DescribeOrderableDBInstanceOptionsResult><OrderableDBInstanceOptions>"
            + string.Concat(listed.Select(c => $"<OrderableDBInstanceOption><Engine>postgres</Engine><EngineVersion>15.8</EngineVersion><DBInstanceClass>{c}</DBInstanceClass><MultiAZCapable>{(multiAzCapable ? "true" : "false")}</MultiAZCapable></OrderableDBInstanceOption>"))
            + "</OrderableDBInstanceOptions></DescribeOrderableDBInstanceOptionsResult></DescribeOrderableDBInstanceOptionsResponse>";
        static IRequestBuilder Orderable(Func<string, bool> body) =>
            Request.Create().WithPath("/").UsingPost().WithBody(b => b != null && b.Contains("Action=DescribeOrderableDBInstanceOptions&") && body(b));
        Server.Given(Orderable(b => !b.Contains("DBInstanceClass="))).AtPriority(5).RespondWith(StubbedAws.Xml(200, Page(classes)));
        // RDS filters on DBInstanceClass: a class that isn't orderable gets an empty list.
        Server.Given(Orderable(b => b.Contains("DBInstanceClass="))).AtPriority(5).RespondWith(StubbedAws.Xml(200, Page([])));
        foreach (var instanceClass in classes)
        {
            Server.Given(Orderable(b => b.Contains("DBInstanceClass=" + Uri.EscapeDataString(instanceClass) + "&") || b.EndsWith("DBInstanceClass=" + Uri.EscapeDataString(instanceClass), StringComparison.Ordinal)))
                .AtPriority(1).RespondWith(StubbedAws.Xml(200, Page([instanceClass])));
        }

        return this;
    }

    public StubbedAccount Certificate(string status, string domain = "mlflow.example.com")
    {
        Server.Given(StubbedAws.JsonCall("CertificateManager.DescribeCertificate")).RespondWith(StubbedAws.Json(200,
            $$$"""{"Certificate":{"CertificateArn":"arn","DomainName":"{{{domain}}}","Status":"{{{status}}}"}}"""));
        return this;
    }

    public StubbedAccount NoCertificate()
    {
        Server.Given(StubbedAws.JsonCall("CertificateManager.DescribeCertificate")).RespondWith(StubbedAws.Json(400,
            """{"__type":"ResourceNotFoundException","message":"Could not find certificate"}"""));
        return this;
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}

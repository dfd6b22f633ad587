using MlflowDeploy.Aws;

namespace MlflowDeploy.Tests.Aws;

/// <summary>
/// The Validate preflight calls, against a stub serving AWS's response format: moto 5.2.1 has no
/// DescribeDBEngineVersions and answers DescribeOrderableDBInstanceOptions only for Aurora.
/// </summary>
public sealed class RdsClientTests
{
    private const string Ns = "http://rds.amazonaws.com/doc/2014-10-31/";

    private static string OrderablePage(string instanceClass, string? marker) => $"""
        <DescribeOrderableDBInstanceOptionsResponse xmlns="{Ns}"><DescribeOrderableDBInstanceOptionsResult>
        <OrderableDBInstanceOptions><OrderableDBInstanceOption><Engine>postgres</Engine><EngineVersion>15.8</EngineVersion>
        <DBInstanceClass>{instanceClass}</DBInstanceClass><StorageType>gp3</StorageType><MultiAZCapable>true</MultiAZCapable></OrderableDBInstanceOption>
        </OrderableDBInstanceOptions>{(marker is null ? "" : $"<Marker>{marker}</Marker>")}
        </DescribeOrderableDBInstanceOptionsResult></DescribeOrderableDBInstanceOptionsResponse>
        """;

    [Fact]
    public async Task Orderable_options_follow_the_marker_across_pages()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/").UsingPost()
                .WithBody(b => b != null && b.Contains("Action=DescribeOrderableDBInstanceOptions&") && !b.Contains("Marker=")))
            .RespondWith(StubbedAws.Xml(200, OrderablePage("db.t4g.micro", "page+2")));
        aws.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/").UsingPost()
                .WithBody(b => b != null && b.Contains("Action=DescribeOrderableDBInstanceOptions&") && b.Contains("Marker=page%2B2")))
            .RespondWith(StubbedAws.Xml(200, OrderablePage("db.t4g.small", null)));

        var options = await aws.Clients.Rds.DescribeOrderableDbInstanceOptionsAsync("postgres", "15.8", null, CancellationToken.None);

        Assert.Equal(["db.t4g.micro", "db.t4g.small"], options.Select(o => o.InstanceClass));
        Assert.All(options, o => Assert.Equal(("postgres", "15.8", "gp3", true), (o.Engine, o.EngineVersion, o.StorageType, o.MultiAzCapable)));
        var bodies = aws.Server.LogEntries.Select(e => e.RequestMessage.Body).ToList();
        Assert.Equal("Action=DescribeOrderableDBInstanceOptions&Version=2014-10-31&Engine=postgres&EngineVersion=15.8", bodies[0]);
    }

    [Fact]
    public async Task Engine_versions_are_read_with_their_status()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.QueryCall("DescribeDBEngineVersions")).RespondWith(StubbedAws.Xml(200, $"""
            <DescribeDBEngineVersionsResponse xmlns="{Ns}"><DescribeDBEngineVersionsResult><DBEngineVersions>
            <DBEngineVersion><Engine>postgres</Engine><EngineVersion>15.7</EngineVersion><Status>deprecated</Status></DBEngineVersion>
            <DBEngineVersion><Engine>postgres</Engine><EngineVersion>15.8</EngineVersion><Status>available</Status></DBEngineVersion>
            </DBEngineVersions></DescribeDBEngineVersionsResult></DescribeDBEngineVersionsResponse>
            """));

        var versions = await aws.Clients.Rds.DescribeDbEngineVersionsAsync("postgres", "15", CancellationToken.None);

        Assert.Equal([new RdsEngineVersion("postgres", "15.7", "deprecated"), new RdsEngineVersion("postgres", "15.8", "available")], versions);
        Assert.Contains("EngineVersion=15", aws.Server.LogEntries.Single().RequestMessage.Body);
    }

    [Fact]
    public async Task A_missing_instance_is_null_not_an_error()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.QueryCall("DescribeDBInstances")).RespondWith(StubbedAws.Xml(404,
            $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>DBInstance db not found.</Message></Error></ErrorResponse>"));

        Assert.Null(await aws.Clients.Rds.DescribeDbInstanceAsync("db", CancellationToken.None));
    }
}

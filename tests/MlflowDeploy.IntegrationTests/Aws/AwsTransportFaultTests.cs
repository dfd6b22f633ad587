using MlflowDeploy.Aws;
using WireMock.ResponseBuilders;

namespace MlflowDeploy.Tests.Aws;

/// <summary>Retries, bounds and error mapping, against a real local HTTP server playing AWS.</summary>
public sealed class AwsTransportFaultTests
{
    private const string DescribeServices = "AmazonEC2ContainerServiceV20141113.DescribeServices";

    private const string OneService = """
        {"services":[{"serviceName":"mlflow","serviceArn":"arn:aws:ecs:eu-west-2:123456789012:service/c/mlflow","status":"ACTIVE",
          "desiredCount":2,"runningCount":2,"pendingCount":0,"taskDefinition":"arn:td:1",
          "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","rolloutState":"COMPLETED","desiredCount":2,"runningCount":2,"failedTasks":0}],
          "events":[{"createdAt":1764201600.5,"message":"(service mlflow) has reached a steady state."}]}],"failures":[]}
        """;

    [Fact]
    public async Task Throttling_is_retried_until_it_clears()
    {
        using var aws = new StubbedAws();
        aws.Sequence(StubbedAws.JsonCall(DescribeServices),
            [
                StubbedAws.Json(400, """{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Rate exceeded"}"""),
                Response.Create().WithStatusCode(429).WithBody("slow down"),
            ],
            StubbedAws.Json(200, OneService));

        var service = await aws.Clients.Ecs.DescribeServiceAsync("c", "mlflow", CancellationToken.None);

        Assert.NotNull(service);
        Assert.Equal((2, 2, "COMPLETED"), (service.DesiredCount, service.RunningCount, service.Deployments.Single().RolloutState));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764201600500), service.Events.Single().CreatedAt);
        Assert.Equal(3, aws.RequestCount);
    }

    [Fact]
    public async Task Server_errors_that_clear_are_retried()
    {
        using var aws = new StubbedAws();
        var internalFailure = StubbedAws.Xml(500, StubbedAws.XmlError("InternalFailure", "We encountered an internal error."));
        aws.Sequence(StubbedAws.QueryCall("DescribeTargetHealth"), [internalFailure, Response.Create().WithStatusCode(503)],
            StubbedAws.Xml(200, """
                <DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeTargetHealthResult>
                <TargetHealthDescriptions><member><Target><Id>10.0.1.7</Id><Port>5000</Port></Target>
                <TargetHealth><State>unhealthy</State><Reason>Target.ResponseCodeMismatch</Reason><Description>Health checks failed with these codes: [502]</Description></TargetHealth>
                </member></TargetHealthDescriptions></DescribeTargetHealthResult></DescribeTargetHealthResponse>
                """));

        var targets = await aws.Clients.LoadBalancing.DescribeTargetHealthAsync("arn:tg", CancellationToken.None);

        Assert.Equal(new TargetHealthDescription("10.0.1.7", 5000, "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]"),
            targets.Single());
        Assert.Equal(3, aws.RequestCount);
    }

    [Fact]
    public async Task Server_errors_that_persist_stop_after_the_attempt_bound_with_one_line()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall(DescribeServices))
            .RespondWith(StubbedAws.Json(503, """{"__type":"ServiceUnavailableException","message":"Service unavailable"}"""));

        var error = await Assert.ThrowsAsync<ActionableError>(() => aws.Clients.Ecs.DescribeServiceAsync("c", "mlflow", CancellationToken.None));

        Assert.Equal(StubbedAws.FastRetry.MaxAttempts, aws.RequestCount);
        Assert.Equal(AwsActionableErrors.ExitCode, error.ExitCode);
        Assert.Equal(
            "ecs DescribeServices kept failing after 5 attempts (last: ServiceUnavailableException, HTTP 503: Service unavailable): "
            + "AWS is throttling or unavailable; wait a few minutes and re-run",
            error.Message);
        Assert.Equal(AwsErrorCategory.ServerError, Assert.IsType<AwsServiceException>(error.InnerException).Category);
    }

    [Fact]
    public async Task Access_denied_names_the_action_from_the_message_and_is_not_retried()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall(DescribeServices)).RespondWith(StubbedAws.Json(400, """
            {"__type":"AccessDeniedException","message":"User: arn:aws:sts::123456789012:assumed-role/deploy/gh is not authorized to perform: ecs:DescribeServices on resource: arn:aws:ecs:eu-west-2:123456789012:service/c/mlflow because no identity-based policy allows the ecs:DescribeServices action"}
            """));

        var error = await Assert.ThrowsAsync<ActionableError>(() => aws.Clients.Ecs.DescribeServiceAsync("c", "mlflow", CancellationToken.None));

        Assert.Equal(1, aws.RequestCount);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal("AWS denied ecs:DescribeServices (AccessDeniedException): allow that action in the IAM policy of the identity running this, then re-run",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Access_denied_without_an_action_in_the_message_names_the_call_we_made()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.QueryCall("DescribeTargetHealth"))
            .RespondWith(StubbedAws.Xml(403, StubbedAws.XmlError("AccessDenied", "Access Denied")));

        var error = await Assert.ThrowsAsync<ActionableError>(() => aws.Clients.LoadBalancing.DescribeTargetHealthAsync("arn:tg", CancellationToken.None));

        Assert.StartsWith("AWS denied elasticloadbalancing:DescribeTargetHealth (AccessDenied)", error.Message);
        Assert.Equal(1, aws.RequestCount);
    }

    [Theory]
    [InlineData("ExpiredTokenException", 400)]
    [InlineData("com.amazonaws.ecs#ExpiredTokenException", 400)]
    [InlineData("RequestExpired", 400)]
    public async Task Expired_credentials_say_how_to_refresh(string type, int status)
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall(DescribeServices))
            .RespondWith(StubbedAws.Json(status, $$"""{"__type":"{{type}}","message":"The security token included in the request is expired"}"""));

        var error = await Assert.ThrowsAsync<ActionableError>(() => aws.Clients.Ecs.DescribeServiceAsync("c", "mlflow", CancellationToken.None));

        Assert.StartsWith($"AWS credentials have expired ({type.Split('#').Last()} from ecs DescribeServices)", error.Message);
        Assert.Contains("aws sso login", error.Message);
        Assert.Contains("configure-aws-credentials", error.Message);
        Assert.Equal(AwsErrorCategory.ExpiredCredentials, Assert.IsType<AwsServiceException>(error.InnerException).Category);
        Assert.Equal(1, aws.RequestCount);
    }

    [Fact]
    public async Task An_unknown_access_key_is_reported_without_printing_it()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.QueryCall("DescribeDBInstances")).RespondWith(StubbedAws.Xml(403,
            "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
            + "<Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>"));

        var error = await Assert.ThrowsAsync<ActionableError>(() => aws.Clients.Rds.DescribeDbInstanceAsync("db", CancellationToken.None));

        Assert.StartsWith("AWS does not accept the access key in use (InvalidClientTokenId from rds DescribeDBInstances)", error.Message);
        Assert.DoesNotContain(StubbedAws.Credentials.AccessKeyId, error.Message);
        Assert.DoesNotContain(StubbedAws.Credentials.SecretAccessKey, error.ToString());
    }

    [Fact]
    public async Task Other_service_errors_are_thrown_as_they_are_for_the_caller_to_read()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall(DescribeServices))
            .RespondWith(StubbedAws.Json(400, """{"__type":"ClusterNotFoundException","message":"Cluster not found."}"""));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Clients.Ecs.DescribeServiceAsync("nope", "mlflow", CancellationToken.None));

        Assert.Equal(("ClusterNotFoundException", AwsErrorCategory.Service, 400), (error.ErrorCode, error.Category, error.HttpStatus));
        Assert.Equal("ecs DescribeServices failed: ClusterNotFoundException (HTTP 400): Cluster not found.", error.Message);
        Assert.Equal(1, aws.RequestCount);
    }

    [Fact]
    public async Task A_target_that_never_answers_is_bounded_by_the_request_timeout_and_the_attempts()
    {
        var retry = new AwsRetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(300));
        using var aws = new StubbedAws(retry);
        aws.Server.Given(StubbedAws.JsonCall(DescribeServices))
            .RespondWith(StubbedAws.Json(200, OneService).WithDelay(TimeSpan.FromSeconds(5)));

        var error = await Assert.ThrowsAsync<ActionableError>(() => aws.Clients.Ecs.DescribeServiceAsync("c", "mlflow", CancellationToken.None));

        // Waiting out the 5 s delay would have got the answer; the error says each attempt gave up at 300 ms.
        Assert.StartsWith("could not reach ecs for DescribeServices after 2 attempts (no answer from http://", error.Message);
        Assert.Contains(" within 300 ms", error.Message);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable_after_the_attempt_bound()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        var environment = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = $"http://127.0.0.1:{port}" };
        using var clients = AwsClients.Create(StubbedAws.Credentials, "eu-west-2", environment.GetValueOrDefault, StubbedAws.FastRetry);

        var error = await Assert.ThrowsAsync<ActionableError>(() => clients.Logs.DescribeLogGroupsAsync("/ecs/", CancellationToken.None));

        Assert.StartsWith($"could not reach logs for DescribeLogGroups after 5 attempts (http://127.0.0.1:{port}:", error.Message);
        Assert.EndsWith("check the network and any AWS_ENDPOINT_URL* setting, then re-run", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_retrying_and_is_not_reported_as_an_AWS_error()
    {
        var retry = new AwsRetryPolicy(50, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
        using var aws = new StubbedAws(retry);
        aws.Server.Given(StubbedAws.JsonCall(DescribeServices)).RespondWith(StubbedAws.Json(500, """{"__type":"InternalError"}"""));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => aws.Clients.Ecs.DescribeServiceAsync("c", "mlflow", cancel.Token));

        // Stopped by the token well before the 50-attempt bound.
        Assert.InRange(aws.RequestCount, 1, retry.MaxAttempts - 1);
    }

    [Fact]
    public async Task Requests_are_signed_for_the_right_service_region_and_session()
    {
        using var aws = new StubbedAws();
        aws.Server.Given(StubbedAws.JsonCall(DescribeServices)).RespondWith(StubbedAws.Json(200, OneService));
        aws.Server.Given(StubbedAws.QueryCall("DescribeDBInstances")).RespondWith(StubbedAws.Xml(200,
            "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBInstancesResult><DBInstances/></DescribeDBInstancesResult></DescribeDBInstancesResponse>"));

        await aws.Clients.Ecs.DescribeServiceAsync("c", "mlflow", CancellationToken.None);
        Assert.Null(await aws.Clients.Rds.DescribeDbInstanceAsync("db", CancellationToken.None));

        var entries = aws.Server.LogEntries.Select(e => e.RequestMessage).ToList();
        string? Header(WireMock.IRequestMessage r, string name) =>
            r.Headers!.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.Single();
        var ecs = entries.Single(r => Header(r, "X-Amz-Target") is not null);
        var rds = entries.Single(r => Header(r, "X-Amz-Target") is null);
        Assert.Matches(@"^AWS4-HMAC-SHA256 Credential=AKIDSTUB/\d{8}/eu-west-2/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$",
            Header(ecs, "Authorization"));
        Assert.Equal("application/x-amz-json-1.1", Header(ecs, "Content-Type"));
        Assert.Equal("stub-session-token", Header(ecs, "X-Amz-Security-Token"));
        Assert.Contains("/eu-west-2/rds/aws4_request", Header(rds, "Authorization"));
        Assert.Equal("application/x-www-form-urlencoded", Header(rds, "Content-Type"));
        Assert.Equal("Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=db", rds.Body);
    }
}

using MlflowDeploy.Aws;

namespace MlflowDeploy.Tests.Aws;

public sealed class AwsSettingsResolutionTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Public_endpoints_are_used_without_overrides()
    {
        Assert.Equal(new Uri("https://ecs.eu-west-2.amazonaws.com/"), AwsEndpointResolver.Resolve(AwsService.Ecs, "eu-west-2", Env()));
        Assert.Equal(new Uri("https://elasticloadbalancing.us-east-1.amazonaws.com/"),
            AwsEndpointResolver.Resolve(AwsService.ElasticLoadBalancingV2, "us-east-1", Env()));
        Assert.Equal(new Uri("https://logs.eu-west-2.amazonaws.com/"), AwsEndpointResolver.Resolve(AwsService.CloudWatchLogs, "eu-west-2", Env()));
        Assert.Equal(new Uri("https://rds.eu-west-2.amazonaws.com/"), AwsEndpointResolver.Resolve(AwsService.Rds, "eu-west-2", Env()));
    }

    [Fact]
    public void A_service_specific_override_wins_over_the_general_one()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), ("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://127.0.0.1:6000"));

        Assert.Equal(new Uri("http://127.0.0.1:6000"), AwsEndpointResolver.Resolve(AwsService.ElasticLoadBalancingV2, "eu-west-2", env));
        Assert.Equal(new Uri("http://127.0.0.1:5000"), AwsEndpointResolver.Resolve(AwsService.Rds, "eu-west-2", env));
        Assert.True(AwsEndpointResolver.IsOverridden(AwsService.S3, env));
        Assert.False(AwsEndpointResolver.IsOverridden(AwsService.S3, Env()));
    }

    [Fact]
    public void A_malformed_override_is_an_actionable_error()
    {
        var error = Assert.Throws<ActionableError>(() => AwsEndpointResolver.Resolve(AwsService.Ecs, "eu-west-2", Env(("AWS_ENDPOINT_URL_ECS", "127.0.0.1:5000"))));
        Assert.Equal("AWS_ENDPOINT_URL_ECS='127.0.0.1:5000' is not an http(s) URL: set it to e.g. http://127.0.0.1:5000 or unset it", error.Message);
    }

    [Fact]
    public void The_region_override_wins_then_AWS_REGION_then_AWS_DEFAULT_REGION()
    {
        var env = Env(("AWS_REGION", "us-east-1"), ("AWS_DEFAULT_REGION", "eu-central-1"));
        Assert.Equal("eu-west-2", AwsRegionResolver.Resolve("eu-west-2", env));
        Assert.Equal("us-east-1", AwsRegionResolver.Resolve(null, env));
        Assert.Equal("eu-central-1", AwsRegionResolver.Resolve(" ", Env(("AWS_DEFAULT_REGION", "eu-central-1"))));
    }

    [Fact]
    public void A_bad_region_name_is_an_actionable_error()
    {
        var error = Assert.Throws<ActionableError>(() => AwsRegionResolver.Resolve("London", Env()));
        Assert.Equal("'London' from the environment's region setting is not an AWS region name: use a name like eu-west-2", error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void Full_jitter_backoff_stays_under_its_exponential_ceiling_and_the_cap()
    {
        var policy = new AwsRetryPolicy(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1000), TimeSpan.FromSeconds(1));
        var random = new Random(7);
        for (var retry = 1; retry <= 8; retry++)
        {
            var ceiling = Math.Min(1000, 100 * Math.Pow(2, retry - 1));
            var waits = Enumerable.Range(0, 200).Select(_ => policy.BackoffBefore(retry, random).TotalMilliseconds).ToList();
            Assert.All(waits, w => Assert.InRange(w, 0, ceiling));
            Assert.True(waits.Max() > ceiling / 2, "full jitter should spread over the whole range");
        }
    }

    [Fact]
    public void Credentials_never_print_their_secrets()
    {
        var text = new AwsCredentials("AKIDEXAMPLE", "very-secret", "session-secret").ToString();
        Assert.Contains("AKIDEXAMPLE", text);
        Assert.DoesNotContain("very-secret", text);
        Assert.DoesNotContain("session-secret", text);
    }

    [Theory]
    [InlineData(null, "us-east-1")]
    [InlineData("", "us-east-1")]
    [InlineData("EU", "eu-west-1")]
    [InlineData("eu-west-2", "eu-west-2")]
    public void Bucket_locations_are_normalised_to_region_names(string? location, string region) =>
        Assert.Equal(region, S3BucketClient.NormaliseLocation(location));

    [Theory]
    [InlineData("Throttling", 400, AwsErrorCategory.Throttled)]
    [InlineData("ThrottlingException", 400, AwsErrorCategory.Throttled)]
    [InlineData("TooManyRequestsException", 400, AwsErrorCategory.Throttled)]
    [InlineData("RequestLimitExceeded", 503, AwsErrorCategory.Throttled)]
    [InlineData("HTTP429", 429, AwsErrorCategory.Throttled)]
    [InlineData("InternalFailure", 500, AwsErrorCategory.ServerError)]
    [InlineData("UnauthorizedOperation", 403, AwsErrorCategory.AccessDenied)]
    [InlineData("ExpiredToken", 403, AwsErrorCategory.ExpiredCredentials)]
    [InlineData("UnrecognizedClientException", 400, AwsErrorCategory.InvalidCredentials)]
    [InlineData("ServiceNotFoundException", 400, AwsErrorCategory.Service)]
    public void Error_codes_fall_into_their_category(string code, int status, AwsErrorCategory category) =>
        Assert.Equal(category, AwsErrorClassifier.Classify(code, status));
}

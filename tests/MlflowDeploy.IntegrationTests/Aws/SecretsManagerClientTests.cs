using MlflowDeploy.Aws;

namespace MlflowDeploy.Tests.Aws;

/// <summary>The Secrets Manager client against a real moto_server: metadata without values, first writes, idempotent tokens.</summary>
public sealed class SecretsManagerClientTests(MotoAwsScenario moto) : IClassFixture<MotoAwsScenario>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string Token = "test-version-token-000000000000000001";

    private async Task<string> CreateEmptySecretAsync(string name) =>
        (await moto.AwsCliAsync("secretsmanager", "create-secret", "--name", name)).GetProperty("ARN").GetString()!;

    [Fact]
    public async Task An_empty_container_has_no_current_value_and_a_missing_secret_is_null()
    {
        var arn = await CreateEmptySecretAsync("sm-empty");

        var described = await moto.Clients.SecretsManager.DescribeSecretAsync(arn, None);

        Assert.NotNull(described);
        Assert.Equal(("sm-empty", arn, false), (described.Name, described.Arn, described.HasCurrentValue));
        Assert.Null(await moto.Clients.SecretsManager.DescribeSecretAsync("sm-never-created", None));
    }

    [Fact]
    public async Task A_put_becomes_AWSCURRENT_under_its_token_and_reads_back()
    {
        var arn = await CreateEmptySecretAsync("sm-put");

        var written = await moto.Clients.SecretsManager.PutSecretValueAsync(arn, "{\"password\":\"Sentinel-Put-1\"}", Token, None);

        Assert.Equal((arn, Token), (written.Arn, written.VersionId));
        Assert.Contains("AWSCURRENT", written.VersionStages);
        var described = await moto.Clients.SecretsManager.DescribeSecretAsync(arn, None);
        Assert.True(described!.HasCurrentValue);
        Assert.Equal(["AWSCURRENT"], described.VersionStages[Token]);
        var value = await moto.Clients.SecretsManager.GetSecretValueAsync(arn, None);
        Assert.Equal(("{\"password\":\"Sentinel-Put-1\"}", Token), (value.SecretString, value.VersionId));
        Assert.DoesNotContain("Sentinel-Put-1", value.ToString());
    }

    [Fact]
    public async Task The_same_token_with_the_same_value_is_a_no_op_and_with_another_value_is_refused()
    {
        var arn = await CreateEmptySecretAsync("sm-token");
        await moto.Clients.SecretsManager.PutSecretValueAsync(arn, "first", Token, None);

        await moto.Clients.SecretsManager.PutSecretValueAsync(arn, "first", Token, None);
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => moto.Clients.SecretsManager.PutSecretValueAsync(arn, "second", Token, None));

        Assert.Equal("ResourceExistsException", refused.ErrorCode);
        Assert.DoesNotContain("second", refused.Message);
        Assert.Equal("first", (await moto.Clients.SecretsManager.GetSecretValueAsync(arn, None)).SecretString);
    }
}

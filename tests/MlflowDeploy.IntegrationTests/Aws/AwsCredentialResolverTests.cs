using MlflowDeploy.Aws;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Aws;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class AwsCredentialResolverTests
{
    [Fact]
    public async Task Environment_keys_are_resolved_with_their_session_token()
    {
        using var _ = EnvironmentOverride.WithoutAwsCredentials(new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDENVEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "env-secret",
            ["AWS_SESSION_TOKEN"] = "env-session-token",
        });

        var credentials = await AwsCredentialResolver.ResolveAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("AKIDENVEXAMPLE", "env-secret", "env-session-token"), credentials);
    }

    [Fact]
    public async Task No_credentials_anywhere_is_one_actionable_line()
    {
        using var _ = EnvironmentOverride.WithoutAwsCredentials();

        var error = await Assert.ThrowsAsync<ActionableError>(() => AwsCredentialResolver.ResolveAsync(CancellationToken.None));

        Assert.StartsWith("no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", error.Message);
        Assert.Contains("aws-actions/configure-aws-credentials", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public async Task CreateAsync_reports_a_missing_region_before_looking_for_credentials()
    {
        using var _ = EnvironmentOverride.WithoutAwsCredentials(new Dictionary<string, string?> { ["AWS_REGION"] = null, ["AWS_DEFAULT_REGION"] = null });

        var error = await Assert.ThrowsAsync<ActionableError>(() => AwsClients.CreateAsync(null, CancellationToken.None));

        Assert.Equal("no AWS region found: set AWS_REGION (e.g. eu-west-2) or the region in the environment's settings", error.Message);
    }
}

/// <summary>The GitHub OIDC shape (web identity token file + role ARN) resolved through moto's STS.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class AwsCredentialResolverMotoTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [Fact]
    public async Task Web_identity_credentials_come_back_with_a_session_token_and_build_working_clients()
    {
        var tokenFile = Path.Combine(Path.GetTempPath(), $"oidc-{Guid.NewGuid():N}.jwt");
        await File.WriteAllTextAsync(tokenFile, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWYifQ.c2ln");
        try
        {
            using var _ = EnvironmentOverride.WithoutAwsCredentials(new Dictionary<string, string?>
            {
                ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile,
                ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/mlflow-deploy",
                ["AWS_ROLE_SESSION_NAME"] = "gh-actions",
                ["AWS_REGION"] = MotoServer.Region,
                ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            });

            using var clients = await AwsClients.CreateAsync(null, CancellationToken.None);
            var caller = await clients.Sts.GetCallerIdentityAsync(CancellationToken.None);

            Assert.Equal("eu-west-2", clients.Region);
            Assert.Contains("assumed-role/mlflow-deploy/gh-actions", caller.Arn);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}

using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Aws;
using MlflowDeploy.Tests.MlflowDouble;
using MlflowDeploy.Tests.Support;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Tests.Verification;

/// <summary>
/// On a stack with basic-auth, Verify logs in as the stack's verification user (from the one secret the plan role may
/// read) unless MLFLOW_TRACKING_* say otherwise; a secret without a value is one line naming what to do.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class VerificationCredentialsTests(MotoAwsScenario moto) : IClassFixture<MotoAwsScenario>
{
    private const string Password = "Verifier-Sentinel-5521";

    private static readonly Dictionary<string, string?> NoTrackingVariables = new()
    {
        [MlflowCredentials.UsernameVariable] = null, [MlflowCredentials.PasswordVariable] = null, [MlflowCredentials.TokenVariable] = null,
    };

    private static DeploymentOutputs Outputs(string? verifierSecret) => new()
    {
        Region = "eu-west-2", MlflowUrl = "http://127.0.0.1:1", MlflowVersion = "2.18.0",
        ClusterName = "c", ServiceName = "s", ContainerName = "mlflow", TaskDefinitionArn = "arn:td", DesiredCount = 1,
        LoadBalancerArn = "arn:lb", TargetGroupArn = "arn:tg", LogGroupName = "/ecs/mlflow", DbInstanceIdentifier = "db",
        ArtifactBucketName = "bucket", VerifierSecretArn = verifierSecret,
    };

    private async Task<string> SecretAsync(string name, string? value)
    {
        var arn = (await moto.AwsCliAsync("secretsmanager", "create-secret", "--name", name)).GetProperty("ARN").GetString()!;
        if (value is not null)
        {
            await moto.AwsCliAsync("secretsmanager", "put-secret-value", "--secret-id", arn, "--secret-string", value);
        }

        return arn;
    }

    [Fact]
    public async Task Without_tracking_variables_the_stacks_verification_user_logs_in_and_the_double_accepts_it()
    {
        var arn = await SecretAsync("verifier-ok", $$"""{"username":"mlflow-verify","password":"{{Password}}"}""");
        await using var mlflow = await MlflowDoubleServer.StartAsync(version: "2.18.0");
        mlflow.Faults.RequiredBasicAuth = ("mlflow-verify", Password);
        using var _ = new EnvironmentOverride(NoTrackingVariables);
        var log = new List<string>();

        var credentials = await VerificationCredentials.ResolveAsync(Outputs(arn), moto.Clients, log.Add, CancellationToken.None);

        Assert.Equal("basic auth as 'mlflow-verify'", credentials.Describe());
        Assert.Contains(Password, credentials.SecretValues);
        Assert.DoesNotContain(log, l => l.Contains(Password, StringComparison.Ordinal));
        using var client = new MlflowClient(new MlflowClientOptions { BaseUrl = mlflow.BaseUrl, Credentials = credentials });
        var check = await new MlflowApiCheck(client).ProbeAsync(CancellationToken.None);
        Assert.Equal(CheckStatus.Pass, check.Status);
    }

    [Fact]
    public async Task Tracking_variables_win_over_the_stacks_secret()
    {
        var arn = await SecretAsync("verifier-ignored", $$"""{"username":"mlflow-verify","password":"{{Password}}"}""");
        using var _ = new EnvironmentOverride(new Dictionary<string, string?>(NoTrackingVariables)
        {
            [MlflowCredentials.UsernameVariable] = "alice", [MlflowCredentials.PasswordVariable] = "alice-password",
        });

        var credentials = await VerificationCredentials.ResolveAsync(Outputs(arn), moto.Clients, _ => { }, CancellationToken.None);

        Assert.Equal("basic auth as 'alice'", credentials.Describe());
    }

    [Fact]
    public async Task A_secret_without_a_value_is_one_line_naming_the_way_out()
    {
        var arn = await SecretAsync("verifier-empty", null);
        using var _ = new EnvironmentOverride(NoTrackingVariables);

        var error = await Assert.ThrowsAsync<ActionableError>(() => VerificationCredentials.ResolveAsync(Outputs(arn), moto.Clients, _ => { }, CancellationToken.None));

        Assert.Equal($"the verification user's secret {arn} has no value yet — Apply seeds it in the init task; run Apply, or set MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD", error.Message);
    }

    [Fact]
    public async Task A_stack_without_basic_auth_uses_the_variables_as_they_are()
    {
        using var _ = new EnvironmentOverride(NoTrackingVariables);

        var credentials = await VerificationCredentials.ResolveAsync(Outputs(null), moto.Clients, _ => { }, CancellationToken.None);

        Assert.False(credentials.IsConfigured);
    }
}

using MlflowDeploy.Environments;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>
/// The bad-input matrix: each case is the clean local configuration with one thing wrong, run through Validate
/// against a real moto. Each fails with its one line and exit code, and moto holds no resource afterwards.
/// (Expired credentials need an STS that rejects them, which moto never does: see ValidateStubbedAccountTests.)
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ValidateBadInputMatrixTests(PreflightMoto moto, ITestOutputHelper output) : IClassFixture<PreflightMoto>
{
    /// <param name="expectedStart">Set when the line ends in text of the AWS SDK's own (how each provider of its chain failed).</param>
    private async Task AssertFailsAsync(
        DeployEnvironment environment, string expectedLine, int expectedExitCode, IReadOnlyDictionary<string, string?>? awsEnvironment = null, bool expectedStart = false)
    {
        List<string> log;
        ActionableError? error;
        using (awsEnvironment is null ? moto.AwsEnvironment() : EnvironmentOverride.WithoutAwsCredentials(awsEnvironment))
        {
            (log, error) = await moto.ValidateAsync(environment);
        }

        foreach (var line in log)
            output.WriteLine(line);
        Assert.NotNull(error);
        if (expectedStart)
            Assert.StartsWith(expectedLine, error.Message);
        else
            Assert.Equal(expectedLine, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(expectedExitCode, error.ExitCode);
        Assert.Single(log, l => l.StartsWith("  ✖ ", StringComparison.Ordinal) && error.Message.Contains(l[4..], StringComparison.Ordinal));
        Assert.Empty(await moto.ResourcesAsync());
    }

    /// <summary>The 1-based line of the environment's tfvars that sets <paramref name="variable"/>: local.tfvars moves as settings are added.</summary>
    private static int LineOf(DeployEnvironment environment, string variable) =>
        Array.FindIndex(File.ReadAllLines(environment.VarFile), l => l.StartsWith(variable + " ", StringComparison.Ordinal)) + 1;

    /// <summary>Where terraform says <paramref name="variable"/> is declared, as it prints it (variables.tf:LINE,1-END).</summary>
    private static string DeclarationOf(string variable)
    {
        var declaration = $"variable \"{variable}\" {{";
        var line = Array.FindIndex(File.ReadAllLines(Path.Combine(Support.RepositoryRoot.Path, "infra", "variables.tf")), l => l == declaration) + 1;
        return $"variables.tf:{line},1-{declaration.Length - 1}";
    }

    [Fact]
    public Task Unknown_variable_gets_a_did_you_mean()
    {
        var environment = moto.Repository.Environment("m-unknown", extraLines: "desired_cont = 3");
        return AssertFailsAsync(
            environment,
            $"Validate (static checks): tfvars names: infra/environments/m-unknown.tfvars:{LineOf(environment, "desired_cont")}: unknown variable 'desired_cont' — did you mean desired_count? rename it in infra/environments/m-unknown.tfvars",
            1);
    }

    [Fact]
    public Task Wrong_type_is_named_with_file_and_line()
    {
        var environment = moto.Repository.Environment("m-type", new Dictionary<string, string?> { ["desired_count"] = "\"two\"" });
        return AssertFailsAsync(
            environment,
            $"Validate (static checks): tfvars types and validation rules: infra/environments/m-type.tfvars:{LineOf(environment, "desired_count")}: variable desired_count: Invalid value for input variable: "
            + $"The given value is not suitable for var.desired_count declared at {DeclarationOf("desired_count")}: a number is required. — fix it in infra/environments/m-type.tfvars",
            1);
    }

    [Fact]
    public Task Negative_desired_count_breaks_its_validation_rule() =>
        AssertFailsAsync(
            moto.Repository.Environment("m-negative", new Dictionary<string, string?> { ["desired_count"] = "-1" }),
            "Validate (static checks): tfvars types and validation rules: infra/environments/m-negative.tfvars:9: variable desired_count: Invalid value for variable: "
            + "desired_count must be a whole number >= 0. — fix it in infra/environments/m-negative.tfvars",
            1);

    [Fact]
    public Task Cpu_and_memory_that_Fargate_does_not_pair_break_the_task_memory_rule()
    {
        var environment = moto.Repository.Environment("m-fargate", extraLines: "task_cpu    = 256\ntask_memory = 4096");
        return AssertFailsAsync(
            environment,
            $"Validate (static checks): tfvars types and validation rules: infra/environments/m-fargate.tfvars:{LineOf(environment, "task_memory")}: variable task_memory: Invalid value for variable: "
            + "task_memory is not a valid Fargate size for task_cpu (e.g. 512 CPU allows 1024-4096 MiB in 1024 steps; see the Fargate task-size table). — fix it in infra/environments/m-fargate.tfvars",
            1);
    }

    [Fact]
    public Task Region_typo_is_caught_before_any_AWS_call() =>
        AssertFailsAsync(
            moto.Repository.Environment("m-region", new Dictionary<string, string?> { ["region"] = "\"eu-wst-2\"" }),
            "Validate (static checks): region name: region 'eu-wst-2' is not an AWS region — did you mean eu-west-2? (set region in infra/environments/m-region.tfvars)",
            1,
            // No credentials and no endpoint at all: the run must stop before it would need them.
            awsEnvironment: new Dictionary<string, string?>());

    [Fact]
    public Task Malformed_bucket_name_breaks_its_validation_rule()
    {
        var environment = moto.Repository.Environment("m-bucket", extraLines: "artifact_bucket_name = \"Team_Artifacts\"");
        return AssertFailsAsync(
            environment,
            $"Validate (static checks): tfvars types and validation rules: infra/environments/m-bucket.tfvars:{LineOf(environment, "artifact_bucket_name")}: variable artifact_bucket_name: Invalid value for variable: "
            + "artifact_bucket_name must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, no '..', not an IP address. "
            + "— fix it in infra/environments/m-bucket.tfvars",
            1);
    }

    [Fact]
    public Task No_credentials_is_exit_code_2_with_where_to_set_them() =>
        AssertFailsAsync(
            moto.Repository.Environment("m-nocreds"),
            "Validate (account preflight): credentials: no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (run `aws sso login` for SSO profiles), "
            + "or in GitHub Actions use aws-actions/configure-aws-credentials (Failed to resolve AWS credentials.",
            2,
            awsEnvironment: new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString() },
            expectedStart: true);

    [Fact]
    public Task Wrong_account_names_both_accounts() =>
        AssertFailsAsync(
            moto.Repository.Environment("m-account", extraLines: "expected_account_id = \"210987654321\""),
            "Validate (account preflight): credentials: the credentials belong to account 123456789012 (arn:aws:sts::123456789012:user/moto), "
            + "but infra/environments/m-account.tfvars sets expected_account_id = \"210987654321\" — use credentials for account 210987654321 (AWS_PROFILE), or correct expected_account_id",
            1);

    [Fact]
    public Task Backend_bucket_that_does_not_exist_is_named() =>
        AssertFailsAsync(
            moto.Repository.Environment("m-backend", backendHcl: PreflightRepository.BackendHcl("no-such-state-bucket", "m-backend")),
            "Validate (account preflight): state bucket: state bucket 'no-such-state-bucket' (infra/environments/m-backend.backend.hcl) does not exist — "
            + "create it (versioned, encrypted) in eu-west-2, or set bucket to one you own",
            1);
}

using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>
/// The reference deployment's failures 2 and 3, reproduced through the real Terraform code against a real moto, and
/// caught by Validate, which leaves moto exactly as it found it. (Failure 1 needs DescribeDBEngineVersions, which moto lacks: see
/// ValidateStubbedAccountTests.)
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ValidateReferenceFailuresTests(PreflightMoto moto, ITestOutputHelper output) : IClassFixture<PreflightMoto>
{
    private const string StateBucket = "team-terraform-state";

    /// <summary>
    /// These environments are account environments (not local-*), so their state is remote: a versioned bucket in moto
    /// and the backend file that names it, as a team would have after the bootstrap.
    /// </summary>
    private async Task StateBucketAsync()
    {
        var buckets = await moto.AwsCliAsync("s3api", "list-buckets");
        if (!buckets.GetProperty("Buckets").EnumerateArray().Any(b => b.GetProperty("Name").GetString() == StateBucket))
        {
            await moto.AwsCliAsync("s3api", "create-bucket", "--bucket", StateBucket, "--create-bucket-configuration", $"LocationConstraint={MotoServer.Region}");
            await moto.AwsCliAsync("s3api", "put-bucket-versioning", "--bucket", StateBucket, "--versioning-configuration", "Status=Enabled");
        }
    }

    private void Show(List<string> log)
    {
        foreach (var line in log)
            output.WriteLine(line);
    }

    [Fact]
    public async Task Reference_failure_2_a_stack_in_us_west_2_with_its_artifact_bucket_in_eu_west_2_names_both_regions()
    {
        await moto.AwsCliAsync("s3api", "create-bucket", "--bucket", "team-mlflow-artifacts", "--create-bucket-configuration", "LocationConstraint=eu-west-2");
        var environment = moto.Repository.Environment("r-region", new Dictionary<string, string?>
        {
            ["region"] = "\"us-west-2\"",
            ["create_artifact_bucket"] = "false",
            ["artifact_bucket_name"] = "\"team-mlflow-artifacts\"",
        }, backendHcl: PreflightRepository.BackendHcl(StateBucket, "r-region"));
        using var aws = moto.AwsEnvironment();
        await StateBucketAsync();
        var before = await moto.ResourcesAsync();

        var (log, error) = await moto.ValidateAsync(environment);

        Show(log);
        Assert.NotNull(error);
        Assert.Equal(
            "Validate (account preflight): artifact bucket: 'team-mlflow-artifacts' lives in eu-west-2, but the stack deploys to us-west-2 — "
            + "set region = \"eu-west-2\" in infra/environments/r-region.tfvars, or use a bucket in us-west-2 (artifact_bucket_name)",
            error.Message);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("bucket team-mlflow-artifacts", before);
        Assert.Equal(before, await moto.ResourcesAsync());
    }

    [Fact]
    public async Task Reference_failure_3_a_URI_built_from_the_endpoint_that_already_holds_the_port_is_caught_in_the_rendered_task_definition()
    {
        // The reference team's formula: the RDS endpoint ("host:5432") with ":5432" appended again.
        using var repository = new PreflightRepository();
        Mutate(repository, "secrets.tf", "${aws_db_instance.mlflow.address}:${aws_db_instance.mlflow.port}", "${aws_db_instance.mlflow.endpoint}:${aws_db_instance.mlflow.port}");
        using var aws = moto.AwsEnvironment();
        await StateBucketAsync();
        var before = await moto.ResourcesAsync();

        var (log, error) = await moto.ValidateAsync(repository.Environment("r-port", backendHcl: PreflightRepository.BackendHcl(StateBucket, "r-port")));

        Show(log);
        Assert.NotNull(error);
        Assert.Equal(
            "Validate (container configuration): backend-store URI: 'postgresql://mlflow@db.placeholder.internal:5432:5432/mlflow?sslmode=require' (environment variable MLFLOW_BACKEND_STORE_URI) "
            + "has more than one port ('5432:5432'); MLflow would crash with ValueError: invalid literal for int() with base 10: '5432:5432' — "
            + "build the host from aws_db_instance.address, not .endpoint (which already ends in :port), in infra/secrets.tf",
            error.Message);
        Assert.Equal(1, error.ExitCode);
        Assert.Equal(before, await moto.ResourcesAsync());
    }

    [Fact]
    public async Task A_PGPASSWORD_that_reads_the_whole_managed_secret_instead_of_its_password_key_is_caught()
    {
        // The whole secret is JSON ({"username":…,"password":…}); libpq would send that as the password.
        using var repository = new PreflightRepository();
        Mutate(repository, "secrets.tf", "valueFrom = \"${local.db_master_secret_arn}:password::\"", "valueFrom = local.db_master_secret_arn");
        using var aws = moto.AwsEnvironment();
        await StateBucketAsync();
        var before = await moto.ResourcesAsync();

        var (log, error) = await moto.ValidateAsync(repository.Environment("r-password", backendHcl: PreflightRepository.BackendHcl(StateBucket, "r-password")));

        Show(log);
        Assert.NotNull(error);
        Assert.Equal(
            "Validate (container configuration): backend-store URI: PGPASSWORD reads '' of the RDS-managed secret, not its password key (':password::') — "
            + "use aws_db_instance.mlflow.master_user_secret[0].secret_arn with :password:: in infra/secrets.tf",
            error.Message);
        Assert.Equal(before, await moto.ResourcesAsync());
    }

    private static void Mutate(PreflightRepository repository, string file, string from, string to)
    {
        var path = Path.Combine(repository.Infra, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}

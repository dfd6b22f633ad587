using MlflowDeploy.Preflight;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>
/// Validate through the real Terraform code against a local HTTP stub in AWS's formats, for what moto cannot
/// play: RDS engine versions (reference failure 1) and an STS that rejects expired credentials.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ValidateStubbedAccountTests(ITestOutputHelper output) : IClassFixture<PreflightRepository>
{
    // Read-only calls only: "nothing is created" holds for the stub too.
    private static readonly string[] ReadOnlyCalls = ["GetCallerIdentity", "GET /", "DescribeDBEngineVersions", "DescribeOrderableDBInstanceOptions", "CertificateManager.DescribeCertificate"];

    private async Task<ActionableError?> ValidateAsync(PreflightRepository repository, StubbedAccount aws, string environmentName, IReadOnlyDictionary<string, string?> changes)
    {
        // An account environment keeps its state in S3: the stub holds the bucket its backend file names.
        aws.StateBucket("team-terraform-state", "eu-west-2");
        var environment = repository.Environment(environmentName, changes, backendHcl: PreflightRepository.BackendHcl("team-terraform-state", environmentName));
        var log = new List<string>();
        using var variables = EnvironmentOverride.WithoutAwsCredentials(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = aws.Endpoint,
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "stub-secret",
            ["AWS_SESSION_TOKEN"] = "stub-session-token",
        });
        try
        {
            await EnvironmentPreflight.RunAsync(PreflightRepository.Workspace(environment, log), new PreflightOptions(), line => log.Add(line), CancellationToken.None);
            return null;
        }
        catch (ActionableError error)
        {
            return error;
        }
        finally
        {
            foreach (var line in log)
                output.WriteLine(line);
            Assert.All(aws.Calls, call => Assert.Contains(ReadOnlyCalls, c => call.StartsWith(c, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Reference_failure_1_a_pinned_postgres_version_the_region_does_not_offer_is_caught_with_the_versions_it_does()
    {
        using var repository = new PreflightRepository();
        using var aws = new StubbedAccount().Identity().BucketRegion(null)
            .EngineVersions(("15.10", "available"), ("15.7", "available"), ("15.8", "available"), ("15.5", "deprecated"));

        var error = await ValidateAsync(repository, aws, "r-engine", new Dictionary<string, string?> { ["db_engine_version"] = "\"15.4\"" });

        Assert.NotNull(error);
        Assert.Equal(
            "Validate (account preflight): RDS engine version: postgres 15.4 is not offered in eu-west-2; offered 15.x: 15.7, 15.8, 15.10 — set db_engine_version or leave it empty to take the newest 15.x",
            error.Message);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains("DescribeDBEngineVersions", aws.Calls);
    }

    [Fact]
    public async Task Expired_credentials_stop_the_account_group_with_exit_code_2()
    {
        using var repository = new PreflightRepository();
        using var aws = new StubbedAccount().ExpiredCredentials();

        var error = await ValidateAsync(repository, aws, "m-expired", new Dictionary<string, string?>());

        Assert.NotNull(error);
        Assert.Equal(
            "Validate (account preflight): credentials: AWS credentials have expired (ExpiredToken from sts GetCallerIdentity): refresh them "
            + "(`aws sso login`, or re-run aws-actions/configure-aws-credentials in GitHub Actions) and re-run",
            error.Message);
        Assert.Equal(2, error.ExitCode);
        Assert.Equal(["GetCallerIdentity"], aws.Calls.Distinct());
    }

    [Fact]
    public async Task A_clean_configuration_against_a_full_account_checks_engine_and_class_instead_of_skipping_them()
    {
        using var repository = new PreflightRepository();
        using var aws = new StubbedAccount().Identity().BucketRegion(null)
            .EngineVersions(("15.8", "available"), ("15.10", "available")).OrderableClasses("db.t3.micro", "db.t4g.micro");

        var error = await ValidateAsync(repository, aws, "r-clean", new Dictionary<string, string?>());

        Assert.Null(error);
        Assert.Contains("DescribeOrderableDBInstanceOptions", aws.Calls);
    }
}

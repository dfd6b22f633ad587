using MlflowDeploy.Preflight;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>Group 1 on a broken copy of the real infra/: real terraform fmt and validate, stopping before any AWS call.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ValidateStaticChecksTests(ITestOutputHelper output)
{
    private async Task<ActionableError> FailAsync(PreflightRepository repository)
    {
        var log = new List<string>();
        // No credentials and no endpoint: reaching the account group would fail differently.
        using var noAws = EnvironmentOverride.WithoutAwsCredentials();
        var error = await Assert.ThrowsAsync<ActionableError>(() => EnvironmentPreflight.RunAsync(
            PreflightRepository.Workspace(repository.Environment("s-broken"), log), new PreflightOptions(), log.Add, CancellationToken.None));
        foreach (var line in log)
            output.WriteLine(line);
        Assert.DoesNotContain(log, l => l.StartsWith("Validate 2/3", StringComparison.Ordinal));
        return error;
    }

    [Fact]
    public async Task An_unformatted_file_is_named_with_the_command_that_fixes_it()
    {
        using var repository = new PreflightRepository();
        File.WriteAllText(Path.Combine(repository.Infra, "extra.tf"), "locals {\nextra_value=1\n}\n");

        var error = await FailAsync(repository);

        Assert.Equal("Validate (static checks): terraform fmt: not formatted: infra/extra.tf — run `terraform fmt -recursive infra` and commit the result", error.Message);
        Assert.Equal(1, error.ExitCode);
    }

    [Fact]
    public async Task An_invalid_configuration_is_reported_with_file_and_line()
    {
        using var repository = new PreflightRepository();
        File.WriteAllText(Path.Combine(repository.Infra, "broken.tf"), "locals {\n  broken = var.not_declared\n}\n");

        var error = await FailAsync(repository);

        Assert.StartsWith("Validate (static checks): terraform validate: broken.tf:2: Reference to undeclared input variable: ", error.Message);
        Assert.Equal(1, error.ExitCode);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task The_committed_environments_without_a_certificate_stop_at_https_in_one_line(string name)
    {
        using var repository = new PreflightRepository();
        var environment = MlflowDeploy.Environments.EnvironmentCatalog.Resolve(repository.Root, name);
        var log = new List<string>();
        // As the deploy workflow runs it: with the digest of the image it built and pushed.
        using var noAws = EnvironmentOverride.WithoutAwsCredentials(new Dictionary<string, string?> { ["TF_VAR_mlflow_image_digest"] = ImageDigest });

        var error = await Assert.ThrowsAsync<ActionableError>(() => EnvironmentPreflight.RunAsync(
            PreflightRepository.Workspace(environment, log), new PreflightOptions(), log.Add, CancellationToken.None));

        foreach (var line in log)
            output.WriteLine(line);
        Assert.Equal(
            $"Validate (static checks): HTTPS: no certificate: MLflow would serve logins, tokens and artifacts over plain HTTP, readable by anyone on the path — set certificate_arn (or route53_zone_id and mlflow_hostname) in infra/environments/{name}.tfvars, or allow_plain_http = true to accept that",
            error.Message);
        Assert.Equal(1, error.ExitCode);
        Assert.DoesNotContain(log, l => l.StartsWith("Validate 2/3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task With_a_certificate_the_committed_environments_pass_the_static_checks_and_stop_at_credentials_when_there_are_none(string name)
    {
        using var repository = new PreflightRepository();
        var environment = MlflowDeploy.Environments.EnvironmentCatalog.Resolve(repository.Root, name);
        File.AppendAllText(environment.VarFile, "\ncertificate_arn = \"arn:aws:acm:eu-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000001\"\n");
        var log = new List<string>();
        // The digest arrives as the deploy workflow passes it.
        using var noAws = EnvironmentOverride.WithoutAwsCredentials(new Dictionary<string, string?> { ["TF_VAR_mlflow_image_digest"] = ImageDigest });

        var error = await Assert.ThrowsAsync<ActionableError>(() => EnvironmentPreflight.RunAsync(
            PreflightRepository.Workspace(environment, log), new PreflightOptions(), log.Add, CancellationToken.None));

        foreach (var line in log)
            output.WriteLine(line);
        Assert.StartsWith("Validate (account preflight): credentials: no AWS credentials found", error.Message);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("  ✔ region name: eu-west-2", log);
        Assert.Contains("  ✔ HTTPS: the load balancer serves HTTPS; port 80 only redirects", log);
        Assert.Contains(log, l => l.StartsWith("  ✔ tfvars types and validation rules: accepted by terraform", StringComparison.Ordinal));
    }

    private const string ImageDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    [Fact]
    public async Task Without_an_image_digest_a_committed_environment_names_the_variable_and_how_it_is_set()
    {
        using var repository = new PreflightRepository();
        var environment = MlflowDeploy.Environments.EnvironmentCatalog.Resolve(repository.Root, "production");
        var log = new List<string>();
        using var noAws = EnvironmentOverride.WithoutAwsCredentials(new Dictionary<string, string?> { ["TF_VAR_mlflow_image_digest"] = null });

        var error = await Assert.ThrowsAsync<ActionableError>(() => EnvironmentPreflight.RunAsync(
            PreflightRepository.Workspace(environment, log), new PreflightOptions(), log.Add, CancellationToken.None));

        foreach (var line in log)
            output.WriteLine(line);
        Assert.StartsWith("Validate (static checks): tfvars types and validation rules: ", error.Message);
        Assert.Contains("Set exactly one of mlflow_image_digest (the pinned image built from infra/image; the deploy workflow passes it) and mlflow_image", error.Message);
    }
}

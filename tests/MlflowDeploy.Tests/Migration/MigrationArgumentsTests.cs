using MlflowDeploy.Migration;

namespace MlflowDeploy.Tests.Migration;

public sealed class MigrationArgumentsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData(null, "https://to", "--from is missing: pass the MLflow server to copy from, e.g. --from=http://localhost:5000")]
    [InlineData("localhost:5000", "https://to", "--from='localhost:5000' is not an http(s) URL: pass the MLflow server to copy from, e.g. --from=http://localhost:5000")]
    [InlineData("http://from", "ftp://to", "--to='ftp://to' is not an http(s) URL: pass the MLflow server to copy to, e.g. --to=https://mlflow.example.com")]
    [InlineData("http://u:p@from", "https://to", "--from carries credentials in the URL: remove them and set MLFLOW_FROM_TRACKING_USERNAME/PASSWORD (or TOKEN) instead")]
    public void A_missing_or_malformed_url_is_one_line_with_exit_code_2(string? from, string to, string line)
    {
        var error = Assert.Throws<ActionableError>(() => MigrationArguments.Parse(from, to, environment: Env()));

        Assert.Equal((line, 2), (error.Message, error.ExitCode));
        Assert.DoesNotContain(":p@", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("eight")]
    public void Concurrency_outside_1_to_64_is_refused(string concurrency)
    {
        var error = Assert.Throws<ActionableError>(() => MigrationArguments.Parse("http://from", "https://to", concurrency: concurrency, environment: Env()));

        Assert.Equal($"--concurrency='{concurrency}' is not a number of runs from 1 to 64: pass e.g. --concurrency=8", error.Message);
    }

    [Fact]
    public void Defaults_and_options_are_read()
    {
        var options = MigrationArguments.Parse("http://from:5000", "https://to/mlflow", dryRun: true, concurrency: "3", experiments: ["a,b", "c"], recheck: true, requestTimeout: "45s", environment: Env());

        Assert.Equal((true, 3, true), (options.DryRun, options.Concurrency, options.Recheck));
        Assert.Equal(["a", "b", "c"], options.ExperimentNames);
        Assert.Equal(TimeSpan.FromSeconds(45), options.Target.RequestTimeout);
        Assert.Equal(new Uri("https://to/mlflow"), options.Target.BaseUrl);
        Assert.Equal(MigrationOptions.DefaultConcurrency, MigrationArguments.Parse("http://from", "https://to", environment: Env()).Concurrency);
    }

    [Fact]
    public void Each_side_reads_its_own_credentials_and_the_plain_variables_go_to_the_target_only()
    {
        var options = MigrationArguments.Parse("http://from", "https://to", environment: Env(
            ("MLFLOW_FROM_TRACKING_USERNAME", "old-admin"), ("MLFLOW_FROM_TRACKING_PASSWORD", "old-pw"),
            ("MLFLOW_TRACKING_TOKEN", "new-token")));
        var plainOnly = MigrationArguments.Parse("http://from", "https://to", environment: Env(("MLFLOW_TRACKING_USERNAME", "u"), ("MLFLOW_TRACKING_PASSWORD", "p")));
        var targetOwn = MigrationArguments.Parse("http://from", "https://to", environment: Env(("MLFLOW_TRACKING_TOKEN", "plain"), ("MLFLOW_TO_TRACKING_TOKEN", "own")));

        Assert.Equal("basic auth as 'old-admin'", options.Source.Credentials.Describe());
        Assert.Equal("bearer token (MLFLOW_TRACKING_TOKEN)", options.Target.Credentials.Describe());
        Assert.False(plainOnly.Source.Credentials.IsConfigured);
        Assert.Equal("basic auth as 'u'", plainOnly.Target.Credentials.Describe());
        Assert.Equal("bearer token (MLFLOW_TO_TRACKING_TOKEN)", targetOwn.Target.Credentials.Describe());
        Assert.Equal(["own"], targetOwn.Target.Credentials.SecretValues);
    }

    [Fact]
    public void A_half_set_pair_names_the_sides_variables()
    {
        var error = Assert.Throws<ActionableError>(() => MigrationArguments.Parse("http://from", "https://to", environment: Env(("MLFLOW_FROM_TRACKING_USERNAME", "old-admin"))));

        Assert.Equal("MLFLOW_FROM_TRACKING_PASSWORD is not set while MLFLOW_FROM_TRACKING_USERNAME is: set both for basic auth, or neither.", error.Message);
    }
}

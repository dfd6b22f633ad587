using MlflowDeploy.Preflight;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>The clean local configuration passes Validate against a real moto, and creates nothing.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ValidateLocalTests(PreflightMoto moto, ITestOutputHelper output) : IClassFixture<PreflightMoto>
{
    [Fact]
    public async Task The_clean_local_configuration_passes_with_the_emulator_gaps_skipped_and_nothing_created()
    {
        var environment = moto.Repository.Environment("local");
        using var aws = moto.AwsEnvironment();

        var (log, error) = await moto.ValidateAsync(environment);

        foreach (var line in log) output.WriteLine(line);
        Assert.True(error is null, error?.Message + "\n" + string.Join('\n', log));
        Assert.Contains(log, l => l.StartsWith("  ✔ terraform fmt: all files formatted (", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("  ✔ terraform validate: valid, 0 warning(s) (", StringComparison.Ordinal));
        Assert.Contains("  ✔ credentials: account 123456789012 (no expected_account_id set) as arn:aws:sts::123456789012:user/moto", log);
        Assert.Contains("  ✔ region consistency: provider region = tfvars region = eu-west-2", log);
        Assert.Contains("  ✔ artifact bucket: mlflow-local-artifacts-123456789012-eu-west-2 will be created in eu-west-2", log);
        Assert.Contains("  – RDS engine version: skipped: not checkable against the emulator (it has no DescribeDBEngineVersions)", log);
        Assert.Contains("  – RDS instance class: skipped: not checkable against the emulator (it lists no orderable postgres options)", log);
        Assert.Contains("  – state bucket: skipped: environment 'local' keeps its state in the emulator, which the pipeline starts with the bucket in it", log);
        Assert.Contains(
            "  ✔ backend-store URI: postgresql://mlflow@db.placeholder.internal:5432/mlflow?sslmode=require from MLFLOW_BACKEND_STORE_URI: one host, one port, no password; "
            + "PGPASSWORD from the RDS-managed secret's password key",
            log);
        Assert.Contains("  ✔ non-root, read-only root: runs as 10001:10001, root filesystem read-only, writable /tmp volume", log);
        Assert.Contains("  ✔ artifact store: --artifacts-destination s3://mlflow-local-artifacts-<account-id>-eu-west-2/mlflow-artifacts", log);
        Assert.Contains("  ✔ gunicorn workers: 2 worker(s) fit in 1024 MiB (about 768 MiB needed)", log);
        Assert.Empty(await moto.ResourcesAsync());
    }
}

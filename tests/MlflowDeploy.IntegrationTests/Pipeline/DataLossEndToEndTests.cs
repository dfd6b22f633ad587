using Amazon.Runtime;
using Amazon.S3;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// An account-backed environment (not local-*: only the AWS variables point it at moto, as they would point
/// staging at AWS), deployed, then changed so that its next plan replaces the RDS instance. Apply refuses that
/// plan without --allow-data-loss; Destroy needs --confirm and keeps the artifact bucket. Each stage is its
/// own build, as in CI. It works in a private copy of the checkout, so its extra environment and state are
/// invisible to the tests that list or use the real checkout's environments, and it runs beside them.
/// </summary>
public sealed class DataLossEndToEndTests
{
    [Fact]
    public async Task Apply_refuses_a_database_replace_and_destroy_keeps_the_artifact_bucket()
    {
        using var repository = new RepositoryCopy();
        using var environment = new TemporaryEnvironment("ci-dataloss", new Dictionary<string, string> { ["db_name"] = "\"mlflow\"" }, repository.Path);
        await using var moto = await MotoEmulator.StartAsync(
            new MotoOptions { LogFile = Path.Combine(Path.GetTempPath(), $"moto-{environment.Name}-{Guid.NewGuid():N}.log"), EcsServiceRunning = 2 },
            CancellationToken.None);
        var account = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_REGION"] = "eu-west-2",
            ["AWS_DEFAULT_REGION"] = "eu-west-2",
            ["AWS_PROFILE"] = null,
        };
        // Its state is remote, as any account's must be: a versioned bucket in the same (emulated) account.
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("testing", "testing"), new AmazonS3Config { ServiceURL = account["AWS_ENDPOINT_URL"], ForcePathStyle = true, AuthenticationRegion = "eu-west-2" });
        await s3.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = "ci-dataloss-state", BucketRegion = S3Region.EUWest2 });
        File.WriteAllText(
            Path.Combine(repository.Path, "infra", "environments", environment.Name + ".backend.hcl"),
            $"bucket = \"ci-dataloss-state\"\nkey = \"mlflow-deploy/{environment.Name}/terraform.tfstate\"\nregion = \"eu-west-2\"\nuse_lockfile = true\n");
        var env = $"--environment={environment.Name}";
        Task<BuildScript.Result> Build(params string[] arguments) => BuildScript.RunInAsync(repository.Path, TimeSpan.FromMinutes(8), account, [.. arguments, env]);

        var plan = await Build("--target=Plan");
        Assert.True(plan.ExitCode == 0, plan.All);
        Assert.DoesNotContain("AWS emulator", plan.Output); // the account comes from the environment, as on AWS
        var apply = await Build("--target=Apply");
        Assert.True(apply.ExitCode == 0, apply.All);

        // A new database name forces a new instance: terraform plans a replace of aws_db_instance.
        environment.Write(new Dictionary<string, string> { ["db_name"] = "\"mlflow_v2\"" });
        var replan = await Build("--target=Plan");
        Assert.True(replan.ExitCode == 0, replan.All);
        Assert.Contains("aws_db_instance.mlflow", replan.Output);

        var refused = await Build("--target=Apply");

        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Error.Split('\n'), l => l.StartsWith('✖'));
        Assert.Contains("aws_db_instance.mlflow", line);
        Assert.Contains("--allow-data-loss", line);
        Assert.DoesNotContain("Destroying...", refused.Output);
        Assert.DoesNotContain("Apply complete", refused.Output);

        var unconfirmed = await Build("--target=Destroy");
        Assert.Equal(2, unconfirmed.ExitCode);
        Assert.Contains($"✖ Destroy of '{environment.Name}' needs a typed confirmation — re-run with --confirm={environment.Name}", unconfirmed.Error);

        var destroy = await Build("--target=Destroy", $"--confirm={environment.Name}");
        Assert.True(destroy.ExitCode == 0, destroy.All);
        Assert.Contains("kept: the artifact bucket s3://", destroy.Output);
        var buckets = await s3.ListBucketsAsync();
        Assert.Single(buckets.Buckets ?? [], b => b.BucketName.StartsWith("mlflow-local-artifacts", StringComparison.Ordinal));
    }
}

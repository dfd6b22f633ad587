using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.MlflowDouble;
using MlflowDeploy.Tests.Support;
using MlflowDeploy.Tests.Verification.AwsChecks;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// Verify reads the stack's outputs from the state object in the emulator's state bucket: with no terraform on PATH
/// it verifies a healthy stack and initialises nothing. A state it can't read sends it to terraform, saying why.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class OutputsFromStateTests(HealthyEmulatedStack moto) : IClassFixture<HealthyEmulatedStack>
{
    [Fact]
    public async Task Verify_reads_the_outputs_from_the_state_object_with_no_terraform_on_path()
    {
        var outputsJson = await moto.CreateOutputsJsonAsync();
        await moto.StandInAsync(DeploymentOutputs.FromTerraformOutputs(System.Text.Json.JsonDocument.Parse(outputsJson).RootElement));
        await using var mlflow = await MlflowDoubleServer.StartAsync(version: "2.18.0");
        using var environment = new TemporaryEnvironment("local-state-outputs", new Dictionary<string, string>());
        await PutStateAsync(environment.Name, $$"""{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"l","outputs":{{outputsJson}},"resources":[],"check_results":null}""");

        var result = await BuildScript.RunAsync(TimeSpan.FromMinutes(3), VariablesWithoutTerraform(),
            "--target=Verify", $"--environment={environment.Name}", $"--mlflow-url={mlflow.BaseUrl}", "--smoke-write", "--timeout=60s");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.All}");
        Assert.Contains($"outputs: read from the state at s3://{StateBackend.EmulatedStateBucket}/mlflow-deploy/{environment.Name}/terraform.tfstate", result.All);
        Assert.DoesNotContain("terraform", result.Error);
        Assert.False(Directory.Exists(Path.Combine(environment.Artifacts, ".terraform")), "Verify initialised terraform");
    }

    [Fact]
    public async Task A_state_of_an_unknown_format_version_is_left_to_terraform_with_the_reason()
    {
        using var environment = new TemporaryEnvironment("local-state-v5", new Dictionary<string, string>());
        await PutStateAsync(environment.Name, """{"version":5,"outputs":{}}""");

        var result = await BuildScript.RunAsync(TimeSpan.FromMinutes(3), VariablesWithoutTerraform(), "--target=Verify", $"--environment={environment.Name}", "--timeout=10s");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(
            $"outputs: asking terraform, since s3://{StateBackend.EmulatedStateBucket}/mlflow-deploy/{environment.Name}/terraform.tfstate is not a state this pipeline can read: its format version is 5; this reader knows version 4 only",
            result.All);
        // The fallback really asks terraform, which is not on PATH here.
        Assert.Contains("terraform", result.Error);
    }

    [Fact]
    public async Task No_state_object_means_nothing_is_deployed_in_one_line()
    {
        using var environment = new TemporaryEnvironment("local-state-none", new Dictionary<string, string>());

        var result = await BuildScript.RunAsync(TimeSpan.FromMinutes(3), VariablesWithoutTerraform(), "--target=Verify", $"--environment={environment.Name}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"✖ there is no state at s3://{StateBackend.EmulatedStateBucket}/mlflow-deploy/{environment.Name}/terraform.tfstate: the environment is not deployed (run Apply first)", result.Error);
    }

    private Dictionary<string, string?> VariablesWithoutTerraform() => new()
    {
        ["MLFLOW_DEPLOY_EMULATOR_URL"] = moto.Endpoint.ToString().TrimEnd('/'),
        ["PATH"] = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(dir => !File.Exists(Path.Combine(dir, "terraform")))),
    };

    private async Task PutStateAsync(string environmentName, string state)
    {
        await moto.Clients.S3.EnsureBucketAsync(StateBackend.EmulatedStateBucket, EmulatedStack.Region, CancellationToken.None);
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("testing", "testing"), new AmazonS3Config
        {
            ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = EmulatedStack.Region,
        });
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = StateBackend.EmulatedStateBucket,
            Key = $"mlflow-deploy/{environmentName}/terraform.tfstate",
            ContentBody = state,
        });
    }
}

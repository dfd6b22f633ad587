using System.Text.Json;
using MlflowDeploy.Preflight;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>Group 3's judgement of a rendered container, on hand-made task definitions (the real render is tested against moto).</summary>
public sealed class ContainerConfigurationTests
{
    private const string Secret = "arn:aws:secretsmanager:eu-west-2:000000000000:secret:placeholder-AbCdEf";

    private static string Definitions(string script, int memory = 1024, int port = 5000, string valueFrom = Secret + ":backend_store_uri::") =>
        JsonSerializer.Serialize(new object[]
        {
            new Dictionary<string, object>
            {
                ["name"] = "mlflow",
                ["memory"] = memory,
                ["entryPoint"] = new[] { "sh", "-c" },
                ["command"] = new[] { script },
                ["portMappings"] = new[] { new { containerPort = port } },
                ["environment"] = new[] { new { name = "AWS_DEFAULT_REGION", value = "eu-west-2" } },
                ["secrets"] = new[] { new { name = "MLFLOW_BACKEND_STORE_URI", valueFrom } },
            },
        });

    private const string Script = """
        set -eu
        pip install --quiet boto3==1.35.99
        exec mlflow server \
          --host 0.0.0.0 \
          --port 5000 \
          --workers 2 \
          --backend-store-uri "$MLFLOW_BACKEND_STORE_URI" \
          --artifacts-destination "s3://team-artifacts/mlflow-artifacts" \
          --serve-artifacts
        """;

    private static string SecretJson(string uri) => JsonSerializer.Serialize(new { username = "mlflow", backend_store_uri = uri });

    private const string GoodUri = "postgresql://mlflow:p%40ss%3Aw%2Frd%25%23%3F@db.placeholder.internal:5432/mlflow?sslmode=require";

    private static RenderedStack Stack(string definitions, string? createdBucket = "team-artifacts") => new()
    {
        Settings = new StackSettings { Name = "mlflow", Region = "eu-west-2", DbEngineMajorVersion = "15", DbInstanceClass = "db.t3.micro", ArtifactBucketName = null },
        ContainerDefinitions = definitions,
        TaskMemory = 1024,
        ContainerName = "mlflow",
        DbSecretString = SecretJson(GoodUri),
        CreatedBucketName = createdBucket,
        ArtifactBucketName = "team-artifacts",
    };

    [Fact]
    public void The_start_script_is_read_as_sh_would_split_it()
    {
        var command = ContainerCommand.Parse(Definitions(Script), "mlflow");

        Assert.Equal(
            ["--host", "0.0.0.0", "--port", "5000", "--workers", "2", "--backend-store-uri", "$MLFLOW_BACKEND_STORE_URI", "--artifacts-destination",
             "s3://team-artifacts/mlflow-artifacts", "--serve-artifacts"],
            command.ServerArguments);
        Assert.Equal("2", command.Option("--workers"));
        Assert.Equal(1024, command.Memory);
        Assert.Equal(Secret + ":backend_store_uri::", command.Secrets["MLFLOW_BACKEND_STORE_URI"]);
    }

    [Fact]
    public void The_URI_is_followed_from_the_command_through_the_secret_reference_into_the_secret_json()
    {
        var command = ContainerCommand.Parse(Definitions(Script), "mlflow");

        var result = BackendStoreUriCheck.Run(command, SecretJson(GoodUri));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("postgresql://mlflow:****@db.placeholder.internal:5432/mlflow?sslmode=require from secret key backend_store_uri: one host, one port, password URL-encoded", result.Detail);
    }

    [Theory]
    [InlineData("postgresql://mlflow:p%40ss%3Aw%2Frd%25%23%3F@db.placeholder.internal:5432:5432/mlflow", "has more than one port ('5432:5432')")]
    [InlineData("postgresql://mlflow:p%40ss%3Aw%2Frd%25%23%3F@db.placeholder.internal/mlflow", "has no valid port after the host")]
    [InlineData("postgresql://mlflow:p%2540ss%253Aw%252Frd%2525%2523%253F@db.placeholder.internal:5432/mlflow", "does not decode back to the password")]
    [InlineData("postgresql://mlflow:p@ss:w/rd%#?@db.placeholder.internal:5432/mlflow", "without URL-encoding")]
    [InlineData("postgresql://mlflow:p%40ss%3Aw%2Frd%25%23%3F@other.host:5432/mlflow", "not the database's address")]
    [InlineData("mysql://mlflow:p%40ss%3Aw%2Frd%25%23%3F@db.placeholder.internal:5432/mlflow", "is not a postgresql:// URI")]
    public void Each_broken_URI_fails_with_what_is_wrong(string uri, string expected)
    {
        var result = BackendStoreUriCheck.Judge(uri, "secret key backend_store_uri");

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains(expected, result.Detail);
        Assert.DoesNotContain("p@ss", result.Detail); // the password is never shown, even a placeholder
    }

    [Fact]
    public void A_secret_reference_without_a_json_key_is_named()
    {
        var command = ContainerCommand.Parse(Definitions(Script, valueFrom: Secret), "mlflow");

        var result = BackendStoreUriCheck.Run(command, SecretJson(GoodUri));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("reads the whole secret", result.Detail);
    }

    [Fact]
    public void Too_many_workers_for_the_memory_names_the_count_that_fits()
    {
        var script = Script.Replace("--workers 2", "--workers 8", StringComparison.Ordinal);
        var definitions = Definitions(script);

        var result = ContainerSettingsCheck.CheckWorkers(ContainerCommand.Parse(definitions, "mlflow"), Stack(definitions));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(
            "8 gunicorn workers need about 2304 MiB but the container has 1024 MiB — set gunicorn_workers to at most 3, or raise task_memory to 2304 MiB or more (a valid Fargate size)",
            result.Detail);
    }

    [Fact]
    public void An_artifact_destination_in_another_bucket_is_named()
    {
        var definitions = Definitions(Script);

        var result = ContainerSettingsCheck.CheckArtifactStore(ContainerCommand.Parse(definitions, "mlflow"), Stack(definitions, createdBucket: "mlflow-artifacts-elsewhere"));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(
            "--artifacts-destination points at bucket 'team-artifacts', but the configured artifact bucket is 'mlflow-artifacts-elsewhere' — build it from local.artifact_bucket_name in infra/ecs.tf",
            result.Detail);
    }

    [Fact]
    public void No_artifact_flag_and_a_port_mismatch_are_failures()
    {
        var script = Script.Replace("--artifacts-destination \"s3://team-artifacts/mlflow-artifacts\" \\\n", "", StringComparison.Ordinal);
        var definitions = Definitions(script, port: 8080);
        var command = ContainerCommand.Parse(definitions, "mlflow");

        Assert.StartsWith("mlflow server has neither --artifacts-destination nor --default-artifact-root", ContainerSettingsCheck.CheckArtifactStore(command, Stack(definitions)).Detail);
        Assert.Equal("mlflow server listens on 5000, but the container maps 8080 — make --port and portMappings agree in infra/ecs.tf", ContainerSettingsCheck.CheckPort(command).Detail);
    }

    [Fact]
    public void A_command_that_never_runs_mlflow_server_is_an_actionable_error()
    {
        var error = Assert.Throws<ActionableError>(() => ContainerCommand.Parse(Definitions("exec gunicorn app:app"), "mlflow"));

        Assert.Equal("the container command never runs `mlflow server` — check command/entryPoint in infra/ecs.tf", error.Message);
    }
}

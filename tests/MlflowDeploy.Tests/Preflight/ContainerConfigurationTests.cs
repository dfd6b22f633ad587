using System.Text.Json;
using MlflowDeploy.Preflight;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>Group 3's judgement of a rendered container, on hand-made task definitions (the real render is tested against moto).</summary>
public sealed class ContainerConfigurationTests
{
    private const string DbSecret = StackRenderFiles.PlaceholderDbSecretArn;
    private const string GoodUri = "postgresql://mlflow@db.placeholder.internal:5432/mlflow?sslmode=require";

    private static readonly string[] Flags =
    [
        "--host", "0.0.0.0", "--port", "5000", "--workers", "2", "--gunicorn-opts", "--timeout 900 --graceful-timeout 50",
        "--app-name", "basic-auth", "--serve-artifacts", "--artifacts-destination", "s3://team-artifacts/mlflow-artifacts",
    ];

    private static string Definitions(
        IEnumerable<string>? flags = null,
        string uri = GoodUri,
        string passwordFrom = DbSecret + ":password::",
        int memory = 1024,
        int port = 5000,
        string? user = "10001:10001",
        bool readOnly = true,
        bool uriAsSecret = false)
    {
        var container = new Dictionary<string, object>
        {
            ["name"] = "mlflow",
            ["image"] = "000000000000.dkr.ecr.eu-west-2.amazonaws.com/placeholder@sha256:" + new string('1', 64),
            ["memory"] = memory,
            ["command"] = new[] { "serve" }.Concat(flags ?? Flags).ToArray(),
            ["portMappings"] = new[] { new { containerPort = port } },
            ["readonlyRootFilesystem"] = readOnly,
            ["mountPoints"] = new[] { new { sourceVolume = "scratch", containerPath = "/tmp", readOnly = false } },
            ["environment"] = uriAsSecret
                ? new[] { new { name = "AWS_DEFAULT_REGION", value = "eu-west-2" } }
                : new[] { new { name = "AWS_DEFAULT_REGION", value = "eu-west-2" }, new { name = "MLFLOW_BACKEND_STORE_URI", value = uri } },
            ["secrets"] = uriAsSecret
                ? new[] { new { name = "PGPASSWORD", valueFrom = passwordFrom }, new { name = "MLFLOW_BACKEND_STORE_URI", valueFrom = DbSecret + ":uri::" } }
                : new[] { new { name = "PGPASSWORD", valueFrom = passwordFrom } },
        };
        if (user is not null)
        {
            container["user"] = user;
        }

        return JsonSerializer.Serialize(new object[] { container });
    }

    private static RenderedStack Stack(string definitions, string? createdBucket = "team-artifacts") => new()
    {
        Settings = new StackSettings { Name = "mlflow", Region = "eu-west-2", DbEngineMajorVersion = "15", DbInstanceClass = "db.t3.micro", ArtifactBucketName = null },
        ContainerDefinitions = definitions,
        TaskMemory = 1024,
        ContainerName = "mlflow",
        DbSecretArn = DbSecret,
        CreatedBucketName = createdBucket,
        ArtifactBucketName = "team-artifacts",
    };

    private static ContainerCommand Parse(string definitions) => ContainerCommand.Parse(definitions, "mlflow");

    [Fact]
    public void The_image_entrypoints_serve_flags_are_the_server_arguments()
    {
        var command = Parse(Definitions());

        Assert.Equal(Flags, command.ServerArguments);
        Assert.Equal("2", command.Option("--workers"));
        Assert.Equal("--timeout 900 --graceful-timeout 50", command.Option("--gunicorn-opts"));
        Assert.Equal(GoodUri, command.Environment["MLFLOW_BACKEND_STORE_URI"]);
        Assert.Equal(DbSecret + ":password::", command.Secrets["PGPASSWORD"]);
        Assert.Equal(("10001:10001", true), (command.User, command.ReadonlyRootFilesystem));
        Assert.Equal(["/tmp"], command.WritablePaths);
    }

    [Fact]
    public void A_password_less_URI_in_the_environment_and_the_managed_secrets_password_pass()
    {
        var result = BackendStoreUriCheck.Run(Parse(Definitions()), DbSecret);

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal(
            "postgresql://mlflow@db.placeholder.internal:5432/mlflow?sslmode=require from MLFLOW_BACKEND_STORE_URI: one host, one port, no password; PGPASSWORD from the RDS-managed secret's password key",
            result.Detail);
    }

    [Theory]
    [InlineData("postgresql://mlflow@db.placeholder.internal:5432:5432/mlflow", "has more than one port ('5432:5432')")]
    [InlineData("postgresql://mlflow@db.placeholder.internal/mlflow", "has no valid port after the host")]
    [InlineData("postgresql://mlflow:p%40ss@db.placeholder.internal:5432/mlflow", "carries a password")]
    [InlineData("postgresql://db.placeholder.internal:5432/mlflow", "names no database user")]
    [InlineData("postgresql://mlflow@other.host:5432/mlflow", "not the database's address")]
    [InlineData("mysql://mlflow@db.placeholder.internal:5432/mlflow", "is not a postgresql:// URI")]
    public void Each_broken_URI_fails_with_what_is_wrong(string uri, string expected)
    {
        var result = BackendStoreUriCheck.Run(Parse(Definitions(uri: uri)), DbSecret);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains(expected, result.Detail);
        Assert.DoesNotContain("p%40ss", result.Detail); // a password is never shown
    }

    [Fact]
    public void The_URI_on_the_command_line_is_refused_even_without_a_password()
    {
        var result = BackendStoreUriCheck.Run(Parse(Definitions(flags: [.. Flags, "--backend-store-uri", GoodUri])), DbSecret);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("mlflow server gets --backend-store-uri on its command line, where /proc/*/cmdline shows it", result.Detail);
    }

    [Theory]
    [InlineData(DbSecret + ":username::", "PGPASSWORD reads ':username::' of the RDS-managed secret, not its password key (':password::')")]
    [InlineData(DbSecret, "PGPASSWORD reads '' of the RDS-managed secret, not its password key (':password::')")]
    [InlineData("arn:aws:secretsmanager:eu-west-2:000000000000:secret:other-AbCdEf:password::", "PGPASSWORD reads arn:aws:secretsmanager:eu-west-2:000000000000:secret:other-AbCdEf:password::, not the RDS-managed secret")]
    public void A_password_from_anything_but_the_managed_secrets_password_key_is_named(string passwordFrom, string expected)
    {
        var result = BackendStoreUriCheck.Run(Parse(Definitions(passwordFrom: passwordFrom)), DbSecret);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith(expected, result.Detail);
    }

    [Fact]
    public void A_URI_read_from_a_secret_is_sent_back_to_the_plain_variable()
    {
        var result = BackendStoreUriCheck.Run(Parse(Definitions(uriAsSecret: true)), DbSecret);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("MLFLOW_BACKEND_STORE_URI comes from a secret; it holds no password and must be a plain environment variable", result.Detail);
    }

    [Fact]
    public void Too_many_workers_for_the_memory_names_the_count_that_fits()
    {
        var definitions = Definitions(flags: Flags.Select(f => f == "2" ? "8" : f));

        var result = ContainerSettingsCheck.CheckWorkers(Parse(definitions), Stack(definitions));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(
            "8 gunicorn workers need about 2304 MiB but the container has 1024 MiB — set gunicorn_workers to at most 3, or raise task_memory to 2304 MiB or more (a valid Fargate size)",
            result.Detail);
    }

    [Fact]
    public void An_artifact_destination_in_another_bucket_is_named()
    {
        var definitions = Definitions();

        var result = ContainerSettingsCheck.CheckArtifactStore(Parse(definitions), Stack(definitions, createdBucket: "mlflow-artifacts-elsewhere"));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(
            "--artifacts-destination points at bucket 'team-artifacts', but the configured artifact bucket is 'mlflow-artifacts-elsewhere' — build it from local.artifact_bucket_name in infra/ecs.tf",
            result.Detail);
    }

    [Fact]
    public void Direct_mode_passes_and_mixed_flags_fail()
    {
        var direct = Definitions(flags: ["--port", "5000", "--no-serve-artifacts", "--default-artifact-root", "s3://team-artifacts/mlflow-artifacts"]);
        var mixed = Definitions(flags: [.. Flags, "--default-artifact-root", "s3://team-artifacts/mlflow-artifacts"]);
        var directWithoutNoServe = Definitions(flags: ["--port", "5000", "--default-artifact-root", "s3://team-artifacts/mlflow-artifacts"]);

        Assert.Equal("--default-artifact-root s3://team-artifacts/mlflow-artifacts", ContainerSettingsCheck.CheckArtifactStore(Parse(direct), Stack(direct)).Detail);
        Assert.Equal(
            "mlflow server mixes the proxied (--serve-artifacts, --artifacts-destination) and direct (--default-artifact-root) artifact flags — pick one with artifact_mode (infra/ecs.tf local.artifact_flags)",
            ContainerSettingsCheck.CheckArtifactStore(Parse(mixed), Stack(mixed)).Detail);
        Assert.StartsWith("--default-artifact-root without --no-serve-artifacts", ContainerSettingsCheck.CheckArtifactStore(Parse(directWithoutNoServe), Stack(directWithoutNoServe)).Detail);
    }

    [Fact]
    public void No_artifact_flag_and_a_port_mismatch_are_failures()
    {
        var definitions = Definitions(flags: ["--host", "0.0.0.0", "--port", "5000", "--workers", "2"], port: 8080);
        var command = Parse(definitions);

        Assert.StartsWith("mlflow server has neither --artifacts-destination nor --default-artifact-root", ContainerSettingsCheck.CheckArtifactStore(command, Stack(definitions)).Detail);
        Assert.Equal("mlflow server listens on 5000, but the container maps 8080 — make --port and portMappings agree in infra/ecs.tf", ContainerSettingsCheck.CheckPort(command).Detail);
    }

    [Theory]
    [InlineData(null, true, "the container runs as the image's default user (root in most images)")]
    [InlineData("0:0", true, "the container runs as 0:0")]
    [InlineData("10001:10001", false, "the container's root filesystem is writable")]
    public void Root_or_a_writable_root_filesystem_fails(string? user, bool readOnly, string expected)
    {
        var result = ContainerSettingsCheck.CheckHardening(Parse(Definitions(user: user, readOnly: readOnly)));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith(expected, result.Detail);
    }

    [Fact]
    public void The_hardened_container_passes()
    {
        Assert.Equal("runs as 10001:10001, root filesystem read-only, writable /tmp volume", ContainerSettingsCheck.CheckHardening(Parse(Definitions())).Detail);
    }

    [Fact]
    public void A_command_that_runs_neither_serve_nor_mlflow_server_is_an_actionable_error()
    {
        var definitions = JsonSerializer.Serialize(new object[] { new Dictionary<string, object> { ["name"] = "mlflow", ["command"] = new[] { "gunicorn", "app:app" } } });

        var error = Assert.Throws<ActionableError>(() => Parse(definitions));

        Assert.Equal("the container command neither runs the image's `serve` nor `mlflow server` — check command/entryPoint in infra/ecs.tf", error.Message);
    }

    [Fact]
    public void An_older_shell_command_is_still_read_as_sh_would_split_it()
    {
        var definitions = JsonSerializer.Serialize(new object[]
        {
            new Dictionary<string, object>
            {
                ["name"] = "mlflow",
                ["entryPoint"] = new[] { "sh", "-c" },
                ["command"] = new[] { "set -eu\nexec mlflow server \\\n  --port 5000 \\\n  --workers \"2\"" },
            },
        });

        Assert.Equal(["--port", "5000", "--workers", "2"], Parse(definitions).ServerArguments);
    }
}

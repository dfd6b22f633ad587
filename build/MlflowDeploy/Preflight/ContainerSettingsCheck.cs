using System.Globalization;

namespace MlflowDeploy.Preflight;

/// <summary>
/// The rest of the container's configuration: where artifacts go, how many workers fit, which port it serves, and
/// that it runs without root on a read-only root filesystem with somewhere to write.
/// </summary>
public static class ContainerSettingsCheck
{
    public const string ArtifactStore = "artifact store";
    public const string Workers = "gunicorn workers";
    public const string Port = "container port";
    public const string Hardening = "non-root, read-only root";

    private static readonly string[] ProxiedFlags = ["--serve-artifacts", "--artifacts-destination"];
    private static readonly string[] DirectFlags = ["--no-serve-artifacts", "--default-artifact-root"];

    // Each gunicorn worker imports MLflow, SQLAlchemy and boto3 (about 200-250 MiB resident); the arbiter, the
    // `mlflow server` process and the entrypoint's password refresher need about as much again. Beyond this budget the task is OOM-killed under load.
    internal const int BaseMiB = 256;
    internal const int PerWorkerMiB = 256;

    public static PreflightResult CheckArtifactStore(ContainerCommand command, RenderedStack stack)
    {
        var proxied = ProxiedFlags.Where(f => Has(command, f)).ToList();
        var direct = DirectFlags.Where(f => Has(command, f)).ToList();
        if (proxied.Count > 0 && direct.Count > 0)
        {
            return PreflightResult.Fail(ArtifactStore,
                $"mlflow server mixes the proxied ({string.Join(", ", proxied)}) and direct ({string.Join(", ", direct)}) artifact flags — pick one with artifact_mode (infra/ecs.tf local.artifact_flags)");
        }

        if (direct.Count > 0 && !Has(command, "--no-serve-artifacts"))
        {
            return PreflightResult.Fail(ArtifactStore,
                "--default-artifact-root without --no-serve-artifacts: MLflow 2 proxies artifacts by default, so clients would upload through the server after all — add --no-serve-artifacts (infra/ecs.tf)");
        }

        var destination = command.Option("--artifacts-destination") ?? command.Option("--default-artifact-root");
        var flag = command.Option("--artifacts-destination") is null ? "--default-artifact-root" : "--artifacts-destination";
        if (destination is null)
        {
            return PreflightResult.Fail(ArtifactStore,
                "mlflow server has neither --artifacts-destination nor --default-artifact-root, so artifacts would stay in the container — pass s3://<bucket>/<prefix> in infra/ecs.tf");
        }

        var configured = stack.CreatedBucketName ?? stack.Settings.ArtifactBucketName ?? stack.ArtifactBucketName;
        if (!destination.StartsWith("s3://", StringComparison.Ordinal))
        {
            return PreflightResult.Fail(ArtifactStore, $"{flag} is '{destination}', not an s3:// location — point it at s3://{configured}/ in infra/ecs.tf");
        }

        var bucket = destination["s3://".Length..].Split('/')[0];
        if (bucket != configured)
        {
            return PreflightResult.Fail(ArtifactStore,
                $"{flag} points at bucket '{bucket}', but the configured artifact bucket is '{configured}' — build it from local.artifact_bucket_name in infra/ecs.tf");
        }

        // The render knows the account only as a placeholder; say so rather than show a fake id.
        return PreflightResult.Pass(ArtifactStore, $"{flag} {destination.Replace(StackRenderFiles.PlaceholderAccountId, "<account-id>", StringComparison.Ordinal)}");
    }

    public static PreflightResult CheckWorkers(ContainerCommand command, RenderedStack stack)
    {
        var text = command.Option("--workers") ?? command.Option("-w");
        var workers = text is null ? 1 : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        if (workers < 1)
        {
            return PreflightResult.Fail(Workers, $"--workers is '{text}', not a whole number ≥ 1 — set gunicorn_workers");
        }

        var memory = command.Memory ?? stack.TaskMemory;
        var needed = BaseMiB + (PerWorkerMiB * workers);
        if (needed > memory)
        {
            var fit = Math.Max(0, (memory - BaseMiB) / PerWorkerMiB);
            return PreflightResult.Fail(Workers,
                $"{workers} gunicorn workers need about {needed} MiB but the container has {memory} MiB — set gunicorn_workers to at most {fit}, or raise task_memory to {needed} MiB or more (a valid Fargate size)");
        }

        return PreflightResult.Pass(Workers, $"{workers} worker(s) fit in {memory} MiB (about {needed} MiB needed)");
    }

    public static PreflightResult CheckHardening(ContainerCommand command)
    {
        if (command.User is null or "" or "root" or "0" || command.User.StartsWith("0:", StringComparison.Ordinal) || command.User.StartsWith("root:", StringComparison.Ordinal))
        {
            return PreflightResult.Fail(Hardening, $"the container runs as {(string.IsNullOrEmpty(command.User) ? "the image's default user (root in most images)" : command.User)} — set user = \"10001:10001\" (the image's user) in infra/ecs.tf");
        }

        if (!command.ReadonlyRootFilesystem)
        {
            return PreflightResult.Fail(Hardening, "the container's root filesystem is writable — set readonlyRootFilesystem = true and mount the scratch volume on /tmp in infra/ecs.tf");
        }

        if (!command.WritablePaths.Contains("/tmp"))
        {
            return PreflightResult.Fail(Hardening,
                "with a read-only root there is no writable /tmp, where gunicorn keeps its worker heartbeats and proxied uploads wait — mount the scratch volume on /tmp in infra/ecs.tf");
        }

        return PreflightResult.Pass(Hardening, $"runs as {command.User}, root filesystem read-only, writable /tmp volume");
    }

    public static PreflightResult CheckPort(ContainerCommand command)
    {
        var text = command.Option("--port");
        var port = text is null ? 5000 : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;
        if (!command.ContainerPorts.Contains(port))
        {
            return PreflightResult.Fail(Port,
                $"mlflow server listens on {port}, but the container maps {(command.ContainerPorts.Count == 0 ? "no port" : string.Join(", ", command.ContainerPorts))} — make --port and portMappings agree in infra/ecs.tf");
        }

        return PreflightResult.Pass(Port, $"mlflow server listens on {port}, the port the container maps");
    }

    private static bool Has(ContainerCommand command, string flag) =>
        command.ServerArguments.Any(a => a == flag || a.StartsWith(flag + "=", StringComparison.Ordinal));
}

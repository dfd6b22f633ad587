namespace MlflowDeploy.Verification;

/// <summary>What the Verify task was asked for, on top of the runner's deadline and polling.</summary>
public sealed record DeploymentVerificationOptions
{
    /// <summary>Environment name, overall deadline (<c>--timeout</c>), backoff, progress callback, secrets.</summary>
    public required VerificationOptions Runner { get; init; }

    /// <summary><c>--smoke-write</c>: also create and delete an experiment, a run and an artifact.</summary>
    public bool SmokeWrite { get; init; }

    /// <summary><c>--mlflow-url</c>: check this server instead of the Terraform output <c>mlflow_url</c>.</summary>
    public Uri? MlflowUrl { get; init; }

    public MlflowAvailability MlflowAvailability { get; init; } = MlflowAvailability.AtDeployedUrl;

    /// <summary>The PATH searched for <c>mlflow</c> in the emulator; null means this process's PATH.</summary>
    public string? SearchPath { get; init; }

    /// <summary>How long a locally started <c>mlflow server</c> may take to answer <c>/health</c> (migrations run first).</summary>
    public TimeSpan LocalMlflowStartDeadline { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>What a Restore planned (restore.json): adds <c>mlflow.restored-data</c>. Null when no restore was planned.</summary>
    public Backup.RestoreRecord? Restore { get; init; }

    /// <summary>The longest one MLflow request may take.</summary>
    public TimeSpan MlflowRequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A server that answers some calls and fails others is judged erratic once Verify has made at least this many
    /// calls to it (<see cref="MlflowCallSample.DefaultMinCalls"/> when null)…
    /// </summary>
    public int? ErraticMinCalls { get; init; }

    /// <summary>…over at least this long (<see cref="MlflowCallSample.DefaultMinSpan"/> when null), instead of at the deadline.</summary>
    public TimeSpan? ErraticMinSpan { get; init; }
}

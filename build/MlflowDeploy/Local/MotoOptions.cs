namespace MlflowDeploy.Local;

public sealed record MotoOptions
{
    /// <summary>A fixed port (<c>MOTO_PORT</c>); null picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>The python that has moto installed (<c>MOTO_PYTHON</c>); defaults to python3 on PATH.</summary>
    public string? Python { get; init; }

    /// <summary>How many tasks moto reports running for a new ECS service: the stack's desired count.</summary>
    public int EcsServiceRunning { get; init; } = 2;

    public required string LogFile { get; init; }

    /// <summary>
    /// IAM enforced from the start, as a least-privilege rehearsal needs: the first
    /// <see cref="EmulatedIdentity.AdministratorSetupCalls"/> calls run unauthenticated (for
    /// <see cref="EmulatedIdentity.CreateAdministratorAsync"/>), every later one must be signed by a known identity
    /// and is allowed or denied by its policies. See Local/README.md for what is checked and how.
    /// </summary>
    public bool IamEnforced { get; init; }

    /// <summary>
    /// Where the emulator appends every call it authorized (JSON lines, read with <see cref="Iam.RecordedCallLog"/>);
    /// null records nothing. Needs <see cref="IamEnforced"/>: only enforcement knows who made a call.
    /// </summary>
    public string? CallRecordFile { get; init; }

    /// <summary>
    /// Further moto settings (for example <c>MOTO_ECS_SERVICE_FAILED_TASKS</c>, which tests use to stage failed
    /// rollouts). Settings not named here are cleared, so the caller's environment cannot change moto's behaviour.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// An emulator already running (<c>MLFLOW_DEPLOY_EMULATOR_URL</c>), for stepping through stages one build
    /// at a time against the same emulated account; null when the pipeline should start its own.
    /// </summary>
    public static Uri? ExternalEndpoint()
    {
        if (Environment.GetEnvironmentVariable("MLFLOW_DEPLOY_EMULATOR_URL") is not { Length: > 0 } text)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ActionableError($"MLFLOW_DEPLOY_EMULATOR_URL='{text}' is not an http:// URL — set it to the emulator's address, e.g. http://127.0.0.1:5000, or unset it", exitCode: 2);
        }

        return uri;
    }

    public static MotoOptions FromEnvironment(string logFile, int ecsServiceRunning)
    {
        int? port = null;
        if (Environment.GetEnvironmentVariable("MOTO_PORT") is { Length: > 0 } text)
        {
            if (!int.TryParse(text, out var parsed) || parsed is < 1 or > 65535)
            {
                throw new ActionableError($"MOTO_PORT='{text}' is not a TCP port — set a number from 1 to 65535, or unset it", exitCode: 2);
            }

            port = parsed;
        }

        return new MotoOptions
        {
            Port = port,
            Python = Environment.GetEnvironmentVariable("MOTO_PYTHON") is { Length: > 0 } python ? python : null,
            EcsServiceRunning = ecsServiceRunning,
            LogFile = logFile,
        };
    }
}

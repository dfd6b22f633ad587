namespace MlflowDeploy;

/// <summary>
/// Every argument of the build script in one typed object, so the Cake script only maps arguments
/// and calls the library. Defaults live here, not in the script.
/// </summary>
public sealed record PipelineParameters
{
    public const string DefaultTarget = "Rehearse";

    public string Target { get; init; } = DefaultTarget;
    public string Environment { get; init; } = Environments.DeployEnvironment.EmulatedName;
    public string? PlanFile { get; init; }
    public string? MlflowUrl { get; init; }
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public bool SmokeWrite { get; init; }
    public bool AllowDataLoss { get; init; }
    public string? Confirm { get; init; }
    public int? PullRequest { get; init; }

    /// <summary>
    /// <c>--least-privilege</c>: the emulator enforces IAM, <c>infra/bootstrap</c> is applied into it, and every stage
    /// runs as the role CI assumes for it (<see cref="Stages.RunsAsAttribute"/>), its calls checked against that role's policies.
    /// </summary>
    public bool LeastPrivilege { get; init; }

    /// <summary>
    /// Whether Plan takes the state lock. <c>--lock=false</c> for the plans of pull requests and the nightly drift check,
    /// whose read-only role cannot write the lock object, so a plan can never hold a lock an approved apply waits for.
    /// Off by default with <see cref="LeastPrivilege"/>, where Plan runs as that role.
    /// </summary>
    public bool PlanLock { get; init; } = true;

    public required string RepositoryRoot { get; init; }

    /// <summary>Builds the parameters from raw argument text, with one clear line for each malformed value.</summary>
    public static PipelineParameters Parse(
        string repositoryRoot,
        string target,
        string environment,
        string? planFile,
        string? mlflowUrl,
        string? timeout,
        bool smokeWrite,
        bool allowDataLoss,
        string? confirm,
        string? pullRequest,
        bool leastPrivilege = false,
        string? planLock = null)
    {
        if (mlflowUrl is { Length: > 0 } && (!Uri.TryCreate(mlflowUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
        {
            throw new ActionableError($"--mlflow-url='{mlflowUrl}' is not an http(s) URL — pass e.g. --mlflow-url=https://mlflow.example.com", exitCode: 2);
        }

        var verifyTimeout = TimeSpan.FromMinutes(10);
        if (timeout is { Length: > 0 } && !DurationArgument.TryParse(timeout, out verifyTimeout))
        {
            throw new ActionableError($"--timeout='{timeout}' is not a duration — use seconds or a unit, e.g. --timeout=600, --timeout=90s or --timeout=10m", exitCode: 2);
        }

        int? pr = null;
        if (pullRequest is { Length: > 0 })
        {
            if (!int.TryParse(pullRequest, out var number) || number <= 0)
            {
                throw new ActionableError($"--pr='{pullRequest}' is not a pull request number — pass e.g. --pr=42", exitCode: 2);
            }

            pr = number;
        }

        var locks = !leastPrivilege;
        if (planLock is { Length: > 0 } && !bool.TryParse(planLock, out locks))
        {
            throw new ActionableError($"--lock='{planLock}' is not true or false — pass --lock=false to plan without taking the state lock", exitCode: 2);
        }

        return new PipelineParameters
        {
            RepositoryRoot = repositoryRoot,
            Target = target,
            Environment = environment,
            PlanFile = planFile is { Length: > 0 } ? planFile : null,
            MlflowUrl = mlflowUrl is { Length: > 0 } ? mlflowUrl : null,
            VerifyTimeout = verifyTimeout,
            SmokeWrite = smokeWrite,
            AllowDataLoss = allowDataLoss,
            Confirm = confirm is { Length: > 0 } ? confirm : null,
            PullRequest = pr,
            LeastPrivilege = leastPrivilege,
            PlanLock = locks,
        };
    }
}

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

    /// <summary>The state lock Unlock removes (<c>--lock-id</c>): the ID a refused run reported.</summary>
    public string? LockId { get; init; }

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

    /// <summary>Plan's <c>--var name=value</c> (repeatable): overrides of the environment's tfvars for that plan.</summary>
    public IReadOnlyList<Environments.VarOverride> VarOverrides { get; init; } = [];

    /// <summary>Logs: <c>--since</c>, how far back to start (default 10m).</summary>
    public TimeSpan LogsSince { get; init; } = DefaultLogsSince;

    /// <summary>Logs: <c>--follow</c>, keep printing new lines until Ctrl-C.</summary>
    public bool Follow { get; init; }

    /// <summary>Logs: <c>--filter</c>, a CloudWatch Logs filter pattern.</summary>
    public string? LogFilter { get; init; }

    /// <summary>Logs: <c>--task</c>, one task's id (or ARN): only its stream.</summary>
    public string? TaskId { get; init; }

    /// <summary>Restore: <c>--snapshot</c>, the DB snapshot to restore the instance from.</summary>
    public string? Snapshot { get; init; }

    /// <summary>Snapshot: how long to wait for the snapshot (<c>--timeout</c>, else 30 minutes).</summary>
    public TimeSpan SnapshotTimeout { get; init; } = DefaultSnapshotTimeout;

    /// <summary>Status: <c>--json</c>, also write the status as a document.</summary>
    public bool Json { get; init; }

    /// <summary>Rollback: <c>--plan-only</c>, stop after the reviewed plan so that Apply applies it after an approval.</summary>
    public bool PlanOnly { get; init; }

    public static readonly TimeSpan DefaultLogsSince = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultSnapshotTimeout = TimeSpan.FromMinutes(30);

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
        IEnumerable<string>? vars = null,
        string? since = null,
        bool follow = false,
        string? filter = null,
        string? task = null,
        string? snapshot = null,
        bool json = false,
        string? lockId = null,
        bool leastPrivilege = false,
        string? planLock = null,
        bool planOnly = false)
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

        var logsSince = DefaultLogsSince;
        if (since is { Length: > 0 } && !DurationArgument.TryParse(since, out logsSince))
        {
            throw new ActionableError($"--since='{since}' is not a duration — use seconds or a unit, e.g. --since=90s, --since=10m or --since=2h (at most 24h)", exitCode: 2);
        }

        if (snapshot is not null && snapshot.Trim().Length == 0)
        {
            throw new ActionableError("--snapshot is empty — pass the snapshot's identifier, e.g. --snapshot=mlflow-prod-production-20261201-101500", exitCode: 2);
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

        if (lockId is { Length: > 0 } && !Guid.TryParse(lockId, out _))
        {
            throw new ActionableError($"--lock-id='{lockId}' is not a lock ID — pass the ID the locked run reported, e.g. --lock-id=38c51a8b-683a-276f-5b9d-16167ae8f694", exitCode: 2);
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
            VarOverrides = (vars ?? []).Select(Environments.VarOverride.Parse).ToList(),
            LogsSince = logsSince,
            Follow = follow,
            LogFilter = filter is { Length: > 0 } ? filter : null,
            TaskId = task is { Length: > 0 } ? task.Trim() : null,
            Snapshot = snapshot?.Trim(),
            SnapshotTimeout = timeout is { Length: > 0 } ? verifyTimeout : DefaultSnapshotTimeout,
            Json = json,
            LockId = lockId is { Length: > 0 } ? lockId : null,
            LeastPrivilege = leastPrivilege,
            PlanLock = locks,
            PlanOnly = planOnly,
        };
    }
}

using MlflowDeploy.Aws;

namespace MlflowDeploy.DeploymentStatus;

/// <summary>
/// What Status shows, read once: each part is either its facts or the one reason it could not be read (a part
/// the caller's role may not read, or that is not there), so one missing permission never hides the rest.
/// </summary>
public sealed record StatusReport
{
    public required string Environment { get; init; }
    public required string Stack { get; init; }
    public required string Region { get; init; }
    public required string Url { get; init; }
    public required DateTimeOffset ReadAt { get; init; }
    public required StatusPart<ServiceState> Service { get; init; }
    public required StatusPart<TargetsState> Targets { get; init; }
    public required StatusPart<DatabaseState> Database { get; init; }
    public required StatusPart<MlflowState> Mlflow { get; init; }

    /// <summary>The deploy Apply recorded on the service; unavailable when no record is there.</summary>
    public required StatusPart<DeployRecord> LastDeploy { get; init; }

    public required StatusPart<AlarmsState> Alarms { get; init; }
}

/// <summary>One part of the status: its value, or why there is none.</summary>
public sealed record StatusPart<T>(T? Value, string? Unavailable) where T : class
{
    public static StatusPart<T> Of(T value) => new(value, null);

    public static StatusPart<T> Missing(string reason) => new(null, reason);
}

/// <param name="RolloutState">The PRIMARY deployment's <c>rolloutState</c> (IN_PROGRESS, COMPLETED, FAILED).</param>
/// <param name="Deployments">How many deployments the service has (more than one while a rollout runs).</param>
public sealed record ServiceState(
    string Name, string Status, int Desired, int Running, int Pending, string? RolloutState, string? RolloutReason, string? TaskDefinition, int Deployments);

/// <param name="NotHealthy">Each target that is not healthy, as "id:port state (reason)".</param>
public sealed record TargetsState(int Healthy, int Total, IReadOnlyList<string> NotHealthy);

/// <param name="FreeStorageBytes">CloudWatch's latest <c>FreeStorageSpace</c> (last hour); null when it holds no datapoint.</param>
public sealed record DatabaseState(string Identifier, string Status, string? InstanceClass, int? AllocatedGiB, double? FreeStorageBytes)
{
    public double? UsedGiB => AllocatedGiB is { } allocated && FreeStorageBytes is { } free
        ? Math.Max(0, allocated - (free / (1024d * 1024 * 1024)))
        : null;
}

/// <param name="Version">What GET /version answered; null when the server was not reachable.</param>
/// <param name="Unreachable">Why there is no version, in one line.</param>
/// <param name="Asked">Whether a request was made (false: there was no server to ask, as in the emulator).</param>
public sealed record MlflowState(string Url, string? Version, string ExpectedVersion, string? Unreachable, bool Asked = true);

/// <param name="Prefix">The alarm-name prefix looked at: the stack's name.</param>
public sealed record AlarmsState(string Prefix, int Defined, IReadOnlyList<MetricAlarm> InAlarm, bool Truncated);

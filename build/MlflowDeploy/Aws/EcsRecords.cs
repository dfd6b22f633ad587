namespace MlflowDeploy.Aws;

/// <summary>One deployment of a service; <see cref="CreatedAt"/> bounds the log window Verify reads.</summary>
public sealed record EcsDeployment(
    string Id, string Status, string? RolloutState, string? RolloutStateReason, string? TaskDefinition, int DesiredCount, int RunningCount, int FailedTasks,
    DateTimeOffset? CreatedAt = null);

/// <summary>A service's awsvpc placement: where its tasks run and which security groups they carry.</summary>
public sealed record EcsAwsVpcConfiguration(IReadOnlyList<string> Subnets, IReadOnlyList<string> SecurityGroups, bool AssignPublicIp);

public sealed record EcsServiceEvent(DateTimeOffset? CreatedAt, string Message);

public sealed record EcsServiceDescription(
    string ServiceName,
    string ServiceArn,
    string Status,
    int DesiredCount,
    int RunningCount,
    int PendingCount,
    string? TaskDefinition,
    IReadOnlyList<EcsDeployment> Deployments,
    IReadOnlyList<EcsServiceEvent> Events,
    EcsAwsVpcConfiguration? Network = null,
    IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>An entry of ECS's <c>failures</c> list; <see cref="Reason"/> is <c>MISSING</c> for an unknown service.</summary>
public sealed record EcsFailure(string? Arn, string Reason, string? Detail);

public sealed record EcsServicesResult(IReadOnlyList<EcsServiceDescription> Services, IReadOnlyList<EcsFailure> Failures);

public sealed record EcsContainer(string Name, string? LastStatus, int? ExitCode, string? Reason, string? HealthStatus);

public sealed record EcsTask(
    string TaskArn,
    string? LastStatus,
    string? DesiredStatus,
    string? HealthStatus,
    string? StopCode,
    string? StoppedReason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    string? TaskDefinitionArn,
    string? PrivateIpv4Address,
    IReadOnlyList<EcsContainer> Containers,
    string? Group = null,
    string? StartedBy = null);

public sealed record EcsTasksResult(IReadOnlyList<EcsTask> Tasks, IReadOnlyList<EcsFailure> Failures);

/// <summary>
/// One Fargate task to start (the local stand-in starts the MLflow container itself). moto needs
/// <see cref="SecurityGroups"/>, and cpu/memory on the container in the task definition, or it answers 500.
/// </summary>
public sealed record EcsRunTaskRequest(
    string Cluster,
    string TaskDefinition,
    IReadOnlyList<string> Subnets,
    IReadOnlyList<string> SecurityGroups,
    bool AssignPublicIp = false,
    string? StartedBy = null,
    string LaunchType = "FARGATE",
    string? Group = null)
{
    /// <summary>Container name → the command that replaces the task definition's (RunTask <c>containerOverrides</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> CommandOverrides { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>
/// The parts of a task definition Verify reads: whether a container has a health check (so its task must
/// report HEALTHY), and where the awslogs driver writes (<c>&lt;prefix&gt;/&lt;container&gt;/&lt;task id&gt;</c>).
/// </summary>
public sealed record EcsContainerDefinition(string Name, bool HasHealthCheck, string? LogDriver, string? LogGroup, string? LogStreamPrefix);

/// <summary>A registered task definition; <see cref="Tags"/> come from DescribeTaskDefinition's <c>include: TAGS</c>.</summary>
/// <param name="Status"><c>ACTIVE</c>, or <c>INACTIVE</c> once deregistered (ECS keeps describing it).</param>
public sealed record EcsTaskDefinition(
    string Arn, string Family, int Revision, IReadOnlyList<EcsContainerDefinition> Containers, IReadOnlyDictionary<string, string> Tags,
    string Status = "ACTIVE");

namespace MlflowDeploy.Aws;

public sealed record EcsDeployment(
    string Id, string Status, string? RolloutState, string? RolloutStateReason, string? TaskDefinition, int DesiredCount, int RunningCount, int FailedTasks);

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
    IReadOnlyList<EcsServiceEvent> Events);

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
    IReadOnlyList<EcsContainer> Containers);

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
    string LaunchType = "FARGATE");

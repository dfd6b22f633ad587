using MlflowDeploy.Aws;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.DeploymentStatus;

/// <summary>
/// Reads every part of <see cref="StatusReport"/> at once, read-only, with the calls a plan role may make:
/// <c>ecs:DescribeServices</c>, <c>elasticloadbalancing:DescribeTargetHealth</c>, <c>rds:DescribeDBInstances</c>,
/// <c>cloudwatch:GetMetricStatistics</c>, <c>cloudwatch:DescribeAlarms</c>, and MLflow's <c>GET /version</c>.
/// </summary>
public static class StatusReader
{
    /// <summary>The window searched for the database's latest FreeStorageSpace datapoint.</summary>
    public static readonly TimeSpan StorageWindow = TimeSpan.FromHours(1);

    public static async Task<StatusReport> ReadAsync(
        DeploymentOutputs outputs, AwsClients aws, (MlflowClient? Client, string? Unavailable) mlflow, string stack, string environment,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var service = Part(() => ServiceAsync(aws.Ecs, outputs, cancellationToken));
        var targets = Part(() => TargetsAsync(aws.LoadBalancing, outputs, cancellationToken));
        var database = Part(() => DatabaseAsync(aws, outputs, now, cancellationToken));
        var alarms = Part(() => AlarmsAsync(aws.CloudWatch, stack, cancellationToken));
        var version = MlflowAsync(mlflow, outputs, cancellationToken);
        await Task.WhenAll(service, targets, database, alarms, version).ConfigureAwait(false);

        var serviceState = service.Result.Value?.State;
        var tags = service.Result.Value?.Tags;
        return new StatusReport
        {
            Environment = environment,
            Stack = stack,
            Region = outputs.Region,
            Url = outputs.MlflowUrl,
            ReadAt = now,
            Service = serviceState is null ? StatusPart<ServiceState>.Missing(service.Result.Unavailable!) : StatusPart<ServiceState>.Of(serviceState),
            Targets = targets.Result,
            Database = database.Result,
            Mlflow = StatusPart<MlflowState>.Of(version.Result),
            LastDeploy = serviceState is null
                ? StatusPart<DeployRecord>.Missing(service.Result.Unavailable!)
                : DeployRecord.FromTags(tags) is { } record
                    ? StatusPart<DeployRecord>.Of(record)
                    : StatusPart<DeployRecord>.Missing("none recorded on the ECS service (Apply records each deploy)"),
            Alarms = alarms.Result,
        };
    }

    private static async Task<StatusPart<T>> Part<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return StatusPart<T>.Of(await read().ConfigureAwait(false));
        }
        catch (Exception e) when (e is AwsServiceException or ActionableError or PartMissingException)
        {
            return StatusPart<T>.Missing(e.Message);
        }
    }

    private static async Task<ServiceTags> ServiceAsync(EcsClient ecs, DeploymentOutputs outputs, CancellationToken cancellationToken)
    {
        var service = await ecs.DescribeServiceAsync(outputs.ClusterName, outputs.ServiceName, cancellationToken).ConfigureAwait(false)
            ?? throw new PartMissingException($"ECS service '{outputs.ServiceName}' is missing from cluster '{outputs.ClusterName}'");
        var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        return new ServiceTags(
            new ServiceState(service.ServiceName, service.Status, service.DesiredCount, service.RunningCount, service.PendingCount,
                primary?.RolloutState, primary?.RolloutStateReason, primary?.TaskDefinition ?? service.TaskDefinition, service.Deployments.Count),
            service.Tags);
    }

    private static async Task<TargetsState> TargetsAsync(ElasticLoadBalancingClient elb, DeploymentOutputs outputs, CancellationToken cancellationToken)
    {
        var targets = await elb.DescribeTargetHealthAsync(outputs.TargetGroupArn, cancellationToken).ConfigureAwait(false);
        var notHealthy = targets.Where(t => t.State != "healthy")
            .Select(t => $"{t.Id}{(t.Port is { } port ? $":{port}" : "")} {t.State}{(t.Reason is { } reason ? $" ({reason})" : "")}")
            .ToList();
        return new TargetsState(targets.Count - notHealthy.Count, targets.Count, notHealthy);
    }

    private static async Task<DatabaseState> DatabaseAsync(AwsClients aws, DeploymentOutputs outputs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var instance = await aws.Rds.DescribeDbInstanceAsync(outputs.DbInstanceIdentifier, cancellationToken).ConfigureAwait(false)
            ?? throw new PartMissingException($"RDS instance {outputs.DbInstanceIdentifier} does not exist");
        double? free;
        try
        {
            var points = await aws.CloudWatch.GetMetricStatisticsAsync(new MetricQuery(
                "AWS/RDS", "FreeStorageSpace", [new("DBInstanceIdentifier", instance.Identifier)], now - StorageWindow, now, TimeSpan.FromMinutes(5), ["Minimum"]),
                cancellationToken).ConfigureAwait(false);
            free = points.LastOrDefault(p => p.Minimum is not null)?.Minimum;
        }
        catch (Exception e) when (e is AwsServiceException or ActionableError)
        {
            // The instance is still worth showing when its metric can't be read.
            free = null;
        }

        return new DatabaseState(instance.Identifier, instance.Status, instance.InstanceClass, instance.AllocatedStorageGiB, free);
    }

    private static async Task<AlarmsState> AlarmsAsync(CloudWatchClient cloudWatch, string stack, CancellationToken cancellationToken)
    {
        var prefix = stack + "-";
        var listing = await cloudWatch.DescribeAlarmsAsync(prefix, cancellationToken).ConfigureAwait(false);
        return new AlarmsState(prefix, listing.Alarms.Count, listing.Alarms.Where(a => a.IsInAlarm).ToList(), listing.Truncated);
    }

    private static async Task<MlflowState> MlflowAsync((MlflowClient? Client, string? Unavailable) mlflow, DeploymentOutputs outputs, CancellationToken cancellationToken)
    {
        if (mlflow.Client is not { } client)
        {
            return new MlflowState(outputs.MlflowUrl, null, outputs.MlflowVersion, mlflow.Unavailable, Asked: false);
        }

        var url = client.BaseUrl.ToString();
        try
        {
            return new MlflowState(url, await client.GetVersionAsync(cancellationToken).ConfigureAwait(false), outputs.MlflowVersion, null);
        }
        catch (MlflowRequestException e)
        {
            var reason = new SecretRedactor(client.Credentials.SecretValues).Redact(e.Message.ReplaceLineEndings(" "));
            return new MlflowState(url, null, outputs.MlflowVersion, reason);
        }
    }

    private sealed record ServiceTags(ServiceState State, IReadOnlyDictionary<string, string>? Tags);

    /// <summary>A part that is simply not there (nothing deployed under that name), as opposed to one AWS refused to show.</summary>
    private sealed class PartMissingException(string message) : Exception(message);
}

using System.Globalization;
using System.Text;
using MlflowDeploy.Aws;

namespace MlflowDeploy.InitTask;

/// <summary>
/// The database snapshot taken before a migration to another MLflow version. The version the service runs now is
/// what the last deploy recorded: the <see cref="VersionTag"/> of the service's current task definition. No service
/// (the first deploy) means no data to keep; the same version means no schema change; a service whose task
/// definition has no tag (deployed before the tag existed) is snapshotted as "unknown", to be safe.
/// </summary>
public static class MigrationSnapshot
{
    /// <summary>Set on the task definition by infra/ecs.tf.</summary>
    public const string VersionTag = "mlflow-deploy:mlflow-version";

    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    /// <summary>The snapshot's name, or null when none was needed.</summary>
    public static async Task<string?> TakeIfVersionChangesAsync(
        AwsClients aws, InitTaskSettings settings, TimeProvider time, Action<string> log, CancellationToken cancellationToken)
    {
        var previous = await RunningVersionAsync(aws.Ecs, settings, cancellationToken).ConfigureAwait(false);
        if (previous is { Found: false })
        {
            log($"no running service {settings.Service} yet: first deploy, no snapshot needed");
            return null;
        }

        if (previous.Version == settings.MlflowVersion)
        {
            log($"the service already runs MLflow {settings.MlflowVersion}: no version change, no snapshot needed");
            return null;
        }

        var instance = await aws.Rds.DescribeDbInstanceAsync(settings.DbInstance, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            log($"database {settings.DbInstance} does not exist yet: nothing to snapshot");
            return null;
        }

        var name = Name(settings.Stack, settings.Environment, previous.Version, settings.MlflowVersion, time.GetUtcNow());
        log($"MLflow {previous.Version ?? "(unknown version)"} -> {settings.MlflowVersion}: snapshotting {settings.DbInstance} as {name} before the migration");
        await aws.Rds.CreateDbSnapshotAsync(settings.DbInstance, name, cancellationToken).ConfigureAwait(false);
        await WaitUntilAvailableAsync(aws.Rds, name, settings.SnapshotTimeout, time, log, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>
    /// <c>&lt;stack&gt;-&lt;environment&gt;-&lt;from&gt;-to-&lt;to&gt;-&lt;UTC time&gt;</c> in the characters RDS accepts: letters,
    /// digits and single hyphens, starting with a letter, at most 255.
    /// </summary>
    public static string Name(string stack, string environment, string? from, string to, DateTimeOffset at)
    {
        var raw = $"{stack}-{environment}-{from ?? "unknown"}-to-{to}-{at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var name = new StringBuilder();
        foreach (var c in raw.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (next != '-' || (name.Length > 0 && name[^1] != '-'))
            {
                name.Append(next);
            }
        }

        var text = name.ToString().Trim('-');
        return text.Length > 255 ? text[..255].TrimEnd('-') : text;
    }

    private sealed record RunningVersion(bool Found, string? Version);

    private static async Task<RunningVersion> RunningVersionAsync(EcsClient ecs, InitTaskSettings settings, CancellationToken cancellationToken)
    {
        EcsServiceDescription? service;
        try
        {
            service = await ecs.DescribeServiceAsync(settings.Cluster, settings.Service, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            return new RunningVersion(false, null);
        }

        if (service is null || service.Status == "INACTIVE" || service.TaskDefinition is null)
        {
            return new RunningVersion(false, null);
        }

        var definition = await ecs.DescribeTaskDefinitionAsync(service.TaskDefinition, cancellationToken).ConfigureAwait(false);
        return new RunningVersion(true, definition.Tags.TryGetValue(VersionTag, out var version) ? version : null);
    }

    private static async Task WaitUntilAvailableAsync(
        RdsClient rds, string name, TimeSpan timeout, TimeProvider time, Action<string> log, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        string? lastStatus = null;
        while (true)
        {
            var snapshot = await rds.DescribeDbSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
            if (snapshot is { IsAvailable: true })
            {
                log($"snapshot {name} is available");
                return;
            }

            if (snapshot?.Status is "failed" or "deleted" or "deleting")
            {
                throw new ActionableError($"snapshot {name} ended {snapshot.Status}: the migration did not run and the service was not changed — see the RDS events of the instance, then re-run Apply");
            }

            if (snapshot?.Status != lastStatus)
            {
                lastStatus = snapshot?.Status;
                log($"snapshot {name}: {lastStatus ?? "not visible yet"}{(snapshot?.PercentProgress is { } p ? $" ({p}%)" : "")}");
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new ActionableError(
                    $"snapshot {name} was not available within {timeout.TotalMinutes:0.#} min (last status: {lastStatus ?? "not visible"}): the migration did not run and the service was not changed — "
                    + "re-run Apply once the snapshot is available, or raise db_snapshot_timeout_minutes");
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}

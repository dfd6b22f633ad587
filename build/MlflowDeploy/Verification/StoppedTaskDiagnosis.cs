using System.Globalization;
using MlflowDeploy.Aws;

namespace MlflowDeploy.Verification;

/// <summary>
/// Why a service's tasks stopped in the last hour: ECS's <c>stoppedReason</c> and each container's exit code,
/// the first thing an operator asks when a rollout fails.
/// </summary>
public static class StoppedTaskDiagnosis
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>At most <paramref name="limit"/> lines; a failure to look becomes a line too, never an exception.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(ServiceTasks tasks, TimeProvider time, CancellationToken cancellationToken, int limit = 5)
    {
        try
        {
            var stopped = await tasks.StoppedSinceAsync(time.GetUtcNow() - Window, cancellationToken).ConfigureAwait(false);
            return Lines(stopped, limit);
        }
        catch (AwsServiceException e)
        {
            return [$"could not list stopped tasks: {e.Message}"];
        }
    }

    public static IReadOnlyList<string> Lines(IReadOnlyList<EcsTask> stopped, int limit = 5)
    {
        var lines = stopped.Take(limit).Select(Describe).ToList();
        if (stopped.Count > limit)
            lines.Add($"… and {stopped.Count - limit} more task(s) stopped in the last hour");
        return lines;
    }

    public static bool IsAbnormal(EcsTask task) =>
        task.StopCode is "TaskFailedToStart" or "EssentialContainerExited"
        || task.Containers.Any(c => c.ExitCode is { } code && code != 0);

    public static string Describe(EcsTask task)
    {
        var when = task.StoppedAt is { } at ? " at " + at.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
        var reason = string.IsNullOrWhiteSpace(task.StoppedReason) ? "no reason given" : task.StoppedReason.Trim();
        var code = task.StopCode is null ? "" : $" [{task.StopCode}]";
        var containers = task.Containers
            .Where(c => c.ExitCode is not null || !string.IsNullOrWhiteSpace(c.Reason))
            .Select(c => $"{c.Name} exit {(c.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?")}{(string.IsNullOrWhiteSpace(c.Reason) ? "" : $" ({c.Reason.Trim()})")}")
            .ToList();
        var exits = containers.Count == 0 ? "" : "; " + string.Join(", ", containers);
        return $"task {ServiceTasks.TaskId(task.TaskArn)} stopped{when}: {reason}{code}{exits}";
    }
}

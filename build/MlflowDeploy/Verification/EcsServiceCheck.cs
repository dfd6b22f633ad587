using System.Globalization;
using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>ecs.service</c>: the service is ACTIVE, its one PRIMARY deployment runs the task definition Terraform
/// applied and has COMPLETED, running equals desired, and no task failed. A FAILED rollout or a rollback (the
/// PRIMARY deployment runs another task definition, or the circuit breaker says it is rolling back) ends the
/// check at once; a rollout still IN_PROGRESS is pending.
/// </summary>
public sealed class EcsServiceCheck : IVerificationCheck
{
    public const string CheckName = "ecs.service";

    // A rollback event this long before the PRIMARY deployment was created still belongs to it: ECS creates the
    // rollback deployment and logs the event within the same few seconds.
    private static readonly TimeSpan EventSlack = TimeSpan.FromMinutes(1);

    private readonly EcsClient _ecs;
    private readonly DeploymentOutputs _outputs;
    private readonly ServiceTasks _tasks;
    private readonly TimeProvider _time;
    private readonly RolloutVerdict? _verdict;

    /// <param name="verdict">Told when the rollout has failed for good, so that checks waiting on tasks stop waiting.</param>
    public EcsServiceCheck(EcsClient ecs, DeploymentOutputs outputs, TimeProvider? time = null, RolloutVerdict? verdict = null)
    {
        _verdict = verdict;
        _ecs = ecs;
        _outputs = outputs;
        _tasks = new ServiceTasks(ecs, outputs.ClusterName, outputs.ServiceName);
        _time = time ?? TimeProvider.System;
    }

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = await LookAsync(cancellationToken).ConfigureAwait(false);
        if (!probe.IsPending && probe.Status == CheckStatus.Fail)
        {
            _verdict?.Fail(probe.Detail);
        }
        else if (!probe.IsPending && probe.Status == CheckStatus.Pass)
        {
            _verdict?.Complete($"the rollout COMPLETED with every task on {ShortName(_outputs.TaskDefinitionArn)}");
        }

        return probe;
    }

    private async Task<Probe> LookAsync(CancellationToken cancellationToken)
    {
        EcsServiceDescription? service;
        try
        {
            service = await _ecs.DescribeServiceAsync(_outputs.ClusterName, _outputs.ServiceName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            return Probe.Fail($"ECS cluster '{_outputs.ClusterName}' does not exist in {_outputs.Region}: the stack is not deployed (run Apply) or was deleted outside Terraform");
        }
        catch (AwsServiceException e)
        {
            return AwsCheckFailure.From(e);
        }

        if (service is null)
        {
            return Probe.Fail($"ECS service '{_outputs.ServiceName}' is missing from cluster '{_outputs.ClusterName}': run Apply, or find who deleted it");
        }

        var events = RecentEvents(service);
        if (service.Status != "ACTIVE")
        {
            return Probe.Fail($"service is {service.Status}, not ACTIVE (it is being deleted or was deleted)", events);
        }

        var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        if (primary is null)
        {
            return Probe.Fail("service has no PRIMARY deployment", events);
        }

        var running = primary.TaskDefinition ?? service.TaskDefinition;
        if (!string.Equals(running, _outputs.TaskDefinitionArn, StringComparison.Ordinal))
        {
            return Probe.Fail(
                $"rolled back: the PRIMARY deployment runs {ShortName(running)}, not {ShortName(_outputs.TaskDefinitionArn)} that Terraform applied",
                [.. events, .. await StoppedTasksAsync(cancellationToken).ConfigureAwait(false)]);
        }

        if (primary.RolloutState == "FAILED")
        {
            return Probe.Fail(
                $"rollout FAILED: {primary.RolloutStateReason ?? "ECS gave no reason"}",
                [.. events, .. await StoppedTasksAsync(cancellationToken).ConfigureAwait(false)]);
        }

        var rollback = service.Events.FirstOrDefault(e => IsRollback(e.Message)
            && (e.CreatedAt is null || primary.CreatedAt is null || e.CreatedAt >= primary.CreatedAt - EventSlack));
        if (rollback is not null)
        {
            return Probe.Fail(
                $"the deployment circuit breaker is rolling back: {rollback.Message}",
                [.. events, .. await StoppedTasksAsync(cancellationToken).ConfigureAwait(false)]);
        }

        var counts = $"{primary.RunningCount}/{primary.DesiredCount} running";
        var failed = primary.FailedTasks > 0 ? $", {primary.FailedTasks} failed task(s)" : "";
        if (primary.RolloutState is "IN_PROGRESS")
        {
            return new Probe(true, CheckStatus.Fail, $"rollout IN_PROGRESS: {counts}{failed}", events);
        }

        if (primary.FailedTasks > 0)
        {
            return Probe.Fail(
                $"rollout {primary.RolloutState ?? "ended"} but {primary.FailedTasks} task(s) failed ({counts})",
                [.. events, .. await StoppedTasksAsync(cancellationToken).ConfigureAwait(false)]);
        }

        if (service.RunningCount < service.DesiredCount || primary.RunningCount < primary.DesiredCount)
        {
            // The rollout finished, but ECS is replacing a task (a crash, a failed health check); it may recover.
            return new Probe(true, CheckStatus.Fail, $"{service.RunningCount}/{service.DesiredCount} tasks running after the rollout", events);
        }

        var others = service.Deployments.Count(d => d.Status != "PRIMARY");
        if (others > 0)
        {
            return new Probe(true, CheckStatus.Fail, $"{others} older deployment(s) still draining", events);
        }

        var state = primary.RolloutState is null ? "" : $"rollout {primary.RolloutState}, ";
        return Probe.Pass($"ACTIVE, {state}{service.RunningCount}/{service.DesiredCount} running {ShortName(running)}");
    }

    private async Task<IReadOnlyList<string>> StoppedTasksAsync(CancellationToken cancellationToken) =>
        await StoppedTaskDiagnosis.ReadAsync(_tasks, _time, cancellationToken).ConfigureAwait(false);

    internal static bool IsRollback(string message) =>
        message.Contains("rolling back", StringComparison.OrdinalIgnoreCase)
        || message.Contains("circuit breaker", StringComparison.OrdinalIgnoreCase);

    private static List<string> RecentEvents(EcsServiceDescription service) =>
        service.Events.Take(5)
            .Select(e => (e.CreatedAt is { } at ? at.UtcDateTime.ToString("HH:mm:ss'Z' ", CultureInfo.InvariantCulture) : "") + e.Message)
            .ToList();

    /// <summary><c>family:revision</c> from a task definition ARN.</summary>
    internal static string ShortName(string? taskDefinitionArn) =>
        taskDefinitionArn is null ? "no task definition" : taskDefinitionArn[(taskDefinitionArn.LastIndexOf('/') + 1)..];
}

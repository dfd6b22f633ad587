using System.Globalization;
using MlflowDeploy.Aws;
using MlflowDeploy.Mlflow;
using MlflowDeploy.ServiceLogs;
using MlflowDeploy.Verification;

namespace MlflowDeploy.Stages;

/// <summary>
/// Logs: the MLflow service's CloudWatch log lines since <c>--since</c> (10m), optionally matching <c>--filter</c>
/// (a CloudWatch filter pattern) or from one task (<c>--task</c>, an id or its beginning), coloured by level, with
/// secrets scrubbed. <c>--follow</c> keeps printing new lines until Ctrl-C, which ends the run with exit 0.
/// </summary>
public static class LogsStage
{
    public static async Task<LogTailResult> RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var parameters = context.Parameters;
        var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
        using var aws = await context.AwsAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
        string? streamPrefix = null;
        if (parameters.TaskId is { } task)
        {
            // awslogs names each stream prefix/container/task-id; the prefix is the task definition's.
            var definition = await new TaskDefinitionCache(aws.Ecs, outputs.TaskDefinitionArn).GetAsync(cancellationToken).ConfigureAwait(false);
            var prefix = definition.Containers.FirstOrDefault(c => c.Name == outputs.ContainerName)?.LogStreamPrefix ?? outputs.ContainerName;
            streamPrefix = $"{prefix}/{outputs.ContainerName}/{ServiceTasks.TaskId(task)}";
        }

        var query = new LogQuery(outputs.LogGroupName, parameters.LogsSince, parameters.LogFilter, streamPrefix, parameters.Follow);
        var since = (DateTimeOffset.UtcNow - query.Since).UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Log($"{query.LogGroup} since {since} ({DurationText.Human(query.Since)})"
            + (query.FilterPattern is { } f ? $", filter {f}" : "")
            + (streamPrefix is { } s ? $", stream {s}*" : "")
            + (query.Follow ? " — following, Ctrl-C to stop" : ""));

        var text = new LogLineText(
            new SecretRedactor(MlflowCredentials.FromEnvironment().SecretValues),
            LogLineText.ColourWanted(Environment.GetEnvironmentVariable, Console.IsOutputRedirected));
        LogTailResult result;
        try
        {
            result = await new LogTail(aws.Logs).RunAsync(query, e => context.Log(text.Format(e)), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            throw new ActionableError($"log group {query.LogGroup} does not exist in {outputs.Region} — run Apply", exitCode: 2, inner: e);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "InvalidParameterException" && query.FilterPattern is not null)
        {
            throw new ActionableError($"--filter='{query.FilterPattern}' was refused by CloudWatch Logs ({e.ErrorMessage}) — see the filter pattern syntax, e.g. --filter=ERROR or --filter='\"WORKER TIMEOUT\"'", exitCode: 2, inner: e);
        }

        var more = result.Truncated ? $" (a read stopped at {LogTail.MaxPagesPerRead} pages: narrow it with --since, --filter or --task)" : "";
        context.Log(result.Interrupted
            ? $"stopped following: {result.Printed} line(s) printed{more}"
            : result.Printed == 0 ? $"no log lines in {query.LogGroup} since {since}{more}" : $"{result.Printed} line(s){more}");
        return result;
    }
}

using MlflowDeploy.DeploymentStatus;

namespace MlflowDeploy.Stages;

/// <summary>
/// Status: one read-only screen of the deployment — URL, ECS counts and rollout, healthy targets, the database and
/// its storage, the MLflow version served, the last deploy, alarms in ALARM, resources outside the state — and with <c>--json</c> the same as
/// status.json. It changes nothing and needs only the plan role's read permissions (see <see cref="StatusReader"/>).
/// </summary>
public static class StatusStage
{
    public static async Task<StatusReport> RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
        using var aws = await context.AwsAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
        var mlflow = DeployedMlflow.Connect(context, outputs);
        StatusReport report;
        using (mlflow.Client)
        {
            report = await StatusReader.ReadAsync(
                outputs, aws, mlflow, context.Tfvars.GetString("name") ?? outputs.ServiceName, context.Environment.Name, TimeProvider.System, cancellationToken)
                .ConfigureAwait(false);
        }

        context.Log(StatusConsoleText.Render(report).TrimEnd('\n'));

        // What an interrupted run may have left outside the state; a warning here, never a failure.
        await OrphanListing.ReportAsync(context, cancellationToken).ConfigureAwait(false);
        if (context.Parameters.Json)
        {
            await StatusJson.WriteAsync(context.Artifacts.StatusJson, report, cancellationToken).ConfigureAwait(false);
            context.Log($"written: {context.Relative(context.Artifacts.StatusJson)}");
        }

        return report;
    }
}

using MlflowDeploy.Backup;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Stages;

/// <summary>
/// A manual RDS snapshot of the environment's database, named <c>&lt;stack&gt;-&lt;env&gt;-&lt;UTC time&gt;</c> and
/// tagged with the number of experiments MLflow lists at that moment (<see cref="SnapshotRecord"/>), so that a later
/// Restore can check the data came back. Waits until it is available, under <c>--timeout</c> (30 minutes by default).
/// </summary>
public static class SnapshotStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
        var stack = context.Tfvars.GetString("name") ?? outputs.ServiceName;
        var name = SnapshotName.For(stack, context.Environment.Name, DateTimeOffset.UtcNow);
        using var aws = await context.AwsAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
        var instance = await aws.Rds.DescribeDbInstanceAsync(outputs.DbInstanceIdentifier, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionableError($"RDS instance {outputs.DbInstanceIdentifier} does not exist in {outputs.Region} — run Apply first", exitCode: 2);
        if (instance.Status != "available")
        {
            throw new ActionableError($"RDS instance {instance.Identifier} is '{instance.Status}'; RDS snapshots an available instance only — run Snapshot again once Status shows it available", exitCode: 1);
        }

        var experiments = await CountExperimentsAsync(context, outputs, cancellationToken).ConfigureAwait(false);
        var record = new SnapshotRecord(stack, context.Environment.Name, experiments);
        await aws.Rds.CreateDbSnapshotAsync(instance.Identifier, name, cancellationToken, record.ToTags()).ConfigureAwait(false);
        context.Log($"snapshot {name} of {instance.Identifier} started; deadline {DurationText.Human(context.Parameters.SnapshotTimeout)}");

        var snapshot = await new SnapshotWait(aws.Rds).UntilAvailableAsync(name, context.Parameters.SnapshotTimeout, context.Log, cancellationToken).ConfigureAwait(false);
        context.Log($"snapshot {snapshot.Identifier} is available{(experiments is { } n ? $", with {n} experiment(s) recorded" : "")} — restore it with "
            + $"./build.sh --target=Restore --environment={context.Environment.Name} --snapshot={snapshot.Identifier}");
    }

    /// <summary>MLflow's active experiments now, or null (and why, in the log) when it cannot be asked: the snapshot matters more.</summary>
    private static async Task<int?> CountExperimentsAsync(PipelineContext context, Terraform.DeploymentOutputs outputs, CancellationToken cancellationToken)
    {
        var (client, unavailable) = DeployedMlflow.Connect(context, outputs);
        if (client is null)
        {
            context.Log($"experiment count not recorded: {unavailable}; Verify after a restore of this snapshot will skip the data check");
            return null;
        }

        using (client)
        {
            try
            {
                var count = await ExperimentCount.OfAsync(client, cancellationToken).ConfigureAwait(false);
                context.Log($"MLflow at {client.BaseUrl} lists {count} active experiment(s); recorded in the snapshot's tags");
                return count;
            }
            catch (MlflowRequestException e)
            {
                context.Log($"WARNING: experiment count not recorded: MLflow at {client.BaseUrl} did not answer ({e.Message}); Verify after a restore of this snapshot will skip the data check");
                return null;
            }
        }
    }
}

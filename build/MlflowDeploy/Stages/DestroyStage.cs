using MlflowDeploy.Iam;
namespace MlflowDeploy.Stages;

/// <summary>
/// Destroys the environment. Outside the emulator it needs a typed confirmation and keeps the artifact bucket
/// (<see cref="ArtifactBucketRetention"/>). Afterwards nothing may be left in the state.
/// </summary>
[RunsAs(PipelineRole.Deploy)]
public static class DestroyStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var environment = context.Environment;
        if (!environment.UsesEmulator && !string.Equals(context.Parameters.Confirm, environment.Name, StringComparison.Ordinal))
        {
            throw new ActionableError(
                $"Destroy of '{environment.Name}' needs a typed confirmation — re-run with --confirm={environment.Name}",
                exitCode: 2);
        }

        var terraform = await context.InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        if (!environment.UsesEmulator)
        {
            await ArtifactBucketRetention.KeepAsync(terraform, context.Log, cancellationToken).ConfigureAwait(false);
        }

        await terraform.DestroyAsync(cancellationToken).ConfigureAwait(false);
        var left = await terraform.StateListAsync(cancellationToken).ConfigureAwait(false);
        if (left.Count > 0)
        {
            throw new ActionableError($"destroy left {left.Count} resource(s) in state: {string.Join(", ", left.Take(5))}");
        }

        context.Log("state is empty: nothing is left");
    }
}

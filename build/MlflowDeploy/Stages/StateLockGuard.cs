using MlflowDeploy.Recovery;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Stages;

/// <summary>
/// Before a stage asks terraform for the state lock: a lock already held (most often left by a run that was killed)
/// ends the run at once with its ID, holder, age and the Unlock command, instead of terraform waiting for it and
/// failing. Call after <see cref="PipelineContext.InitializedTerraformAsync"/>: the backend is read from what init recorded.
/// </summary>
public static class StateLockGuard
{
    public static async Task RefuseIfHeldAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        if (await ReadAsync(context, cancellationToken).ConfigureAwait(false) is { } held)
        {
            throw HeldStateLock.Refusal(context.Environment, held, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>The lock held on the environment's state, or null; a lock that cannot be read is logged and left to terraform.</summary>
    public static async Task<StateLockInfo?> ReadAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var backend = InitializedBackend.Read(context.Artifacts.TerraformDataDirectory);
        if (backend is null || backend.LockKey is null)
        {
            if (backend?.DynamoDbTable is { } table)
            {
                context.Log($"state lock: held in the DynamoDB table {table}, which this pipeline does not read; terraform waits up to 2 minutes for it");
            }

            return null;
        }

        try
        {
            using var aws = await context.AwsAsync(backend.Region ?? context.Region, cancellationToken).ConfigureAwait(false);
            return await HeldStateLock.ReadAsync(backend, aws.S3, cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableError error)
        {
            // Reading the lock is a courtesy: terraform itself still refuses a held lock, only later.
            context.Log($"state lock: not checked ({error.Message}); terraform waits up to 2 minutes for a held lock");
            return null;
        }
    }
}

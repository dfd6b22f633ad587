using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Recovery;

/// <summary>
/// The lock on an environment's state, read before terraform is asked to take it: a run that was killed leaves its
/// S3 lock object (<c>&lt;key&gt;.tflock</c>) behind, and every later plan or apply would wait for it and fail. Found
/// first, it is named with its ID, its holder and its age, and with the command that removes it.
/// </summary>
public static class HeldStateLock
{
    /// <summary>The lock held on the state, or null when there is none (or the backend does not lock with a lock file).</summary>
    public static async Task<StateLockInfo?> ReadAsync(InitializedBackend backend, S3BucketClient s3, CancellationToken cancellationToken)
    {
        if (backend.LockKey is not { } key || backend.Bucket is not { } bucket)
        {
            return null;
        }

        var stream = await s3.OpenObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return StateLockInfo.Parse(text);
            }
            catch (InvalidDataException e)
            {
                throw new ActionableError($"the state lock s3://{bucket}/{key} is not one terraform wrote ({e.Message}) — look at it, and delete it if no run holds it", exitCode: 2);
            }
        }
    }

    /// <summary>The task that removes <paramref name="held"/>, as the user types it.</summary>
    public static string UnlockCommand(DeployEnvironment environment, StateLockInfo held) =>
        $"./build.sh --target=Unlock --environment={environment.Name} --lock-id={held.Id}{(environment.UsesEmulator ? string.Empty : $" --confirm={environment.Name}")}";

    /// <summary>The one line that stops a run before terraform would wait on <paramref name="held"/>.</summary>
    public static ActionableError Refusal(DeployEnvironment environment, StateLockInfo held, DateTimeOffset now) => new(
        $"the state of '{environment.Name}' is locked: lock {held.Id}, held by {held.Describe(now)} — if that run has ended (interrupted or killed), "
        + $"remove the lock with {UnlockCommand(environment, held)}; if it is still running, wait for it",
        exitCode: 2);
}

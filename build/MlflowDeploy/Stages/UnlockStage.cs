using MlflowDeploy.Recovery;

namespace MlflowDeploy.Stages;

/// <summary>
/// Removes a state lock that a killed or interrupted run left behind (<c>terraform force-unlock</c>), but only the
/// one named: <c>--lock-id</c> must be the lock actually held, so a lock taken since by a live run is never removed.
/// Outside the emulator it needs the same typed confirmation as Destroy.
/// </summary>
public static class UnlockStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var environment = context.Environment;
        if (context.Parameters.LockId is not { } lockId)
        {
            throw new ActionableError(
                $"Unlock needs the ID of the lock to remove — re-run with --lock-id=<id>, the ID a refused Plan, Apply or Destroy of '{environment.Name}' reported",
                exitCode: 2);
        }

        if (!environment.UsesEmulator && !string.Equals(context.Parameters.Confirm, environment.Name, StringComparison.Ordinal))
        {
            throw new ActionableError(
                $"Unlock of '{environment.Name}' needs a typed confirmation — make sure no run is using the state, then re-run with --confirm={environment.Name}",
                exitCode: 2);
        }

        var terraform = await context.InitializedTerraformAsync(cancellationToken).ConfigureAwait(false);
        var held = await StateLockGuard.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            context.Log($"the state of '{environment.Name}' is not locked: nothing to unlock");
            return;
        }

        if (!string.Equals(held.Id, lockId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ActionableError(
                $"the lock on the state of '{environment.Name}' is {held.Id}, held by {held.Describe(DateTimeOffset.UtcNow)}, not {lockId} — "
                + $"a run may have taken it since; if that run has ended too, use {HeldStateLock.UnlockCommand(environment, held)}",
                exitCode: 2);
        }

        await terraform.ForceUnlockAsync(held.Id, cancellationToken).ConfigureAwait(false);
        if (await StateLockGuard.ReadAsync(context, cancellationToken).ConfigureAwait(false) is { } still)
        {
            throw new ActionableError($"terraform force-unlock ran, but the state of '{environment.Name}' is still locked ({still.Id})", exitCode: 1);
        }

        context.Log($"unlocked: removed lock {held.Id}, held by {held.Describe(DateTimeOffset.UtcNow)}; run Plan to see what the interrupted run left");
    }
}

namespace MlflowDeploy.Verification;

/// <summary>
/// One named check. <see cref="ProbeAsync"/> looks once; the runner owns waiting, backoff, the deadline
/// and timing, so no check sleeps or loops on its own.
/// </summary>
public interface IVerificationCheck
{
    string Name { get; }

    Task<Probe> ProbeAsync(CancellationToken cancellationToken);
}

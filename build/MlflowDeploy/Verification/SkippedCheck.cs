namespace MlflowDeploy.Verification;

/// <summary>A check that cannot apply here and says why; it reports Skip, never Pass.</summary>
public sealed class SkippedCheck(string name, string reason) : IVerificationCheck
{
    public string Name => name;

    public Task<Probe> ProbeAsync(CancellationToken cancellationToken) => Task.FromResult(Probe.Skip(reason));
}

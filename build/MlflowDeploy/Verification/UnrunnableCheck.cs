namespace MlflowDeploy.Verification;

/// <summary>
/// A check whose target could not be set up (a local mlflow that would not start): it raises the one-line
/// error, which the runner reports as a failure that makes the run "could not run".
/// </summary>
public sealed class UnrunnableCheck(string name, ActionableError error) : IVerificationCheck
{
    public string Name => name;

    public Task<Probe> ProbeAsync(CancellationToken cancellationToken) => Task.FromException<Probe>(error);
}

namespace MlflowDeploy.Verification;

/// <summary>A check that is still waiting, the reason its last probe gave, and how long it has waited.</summary>
public sealed record PendingCheck(string Name, string Reason, TimeSpan Waited);

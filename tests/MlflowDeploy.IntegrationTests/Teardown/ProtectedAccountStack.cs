using MlflowDeploy.Tests.Pipeline;

namespace MlflowDeploy.Tests.Teardown;

/// <summary>
/// An account-backed environment applied once with production's protections on: the database refuses deletion and
/// asks for a final snapshot on destroy. Destroy keeps the artifact bucket here, as it does outside the emulator.
/// </summary>
public sealed class ProtectedAccountStack() : AppliedAccountStack("ci-protected", new Dictionary<string, string>
{
    ["db_deletion_protection"] = "true",
    ["final_snapshot_on_destroy"] = "true",
});

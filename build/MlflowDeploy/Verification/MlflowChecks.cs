using MlflowDeploy.Backup;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>The MLflow half of Verify, assembled from what Terraform deployed.</summary>
public static class MlflowChecks
{
    /// <summary>
    /// <c>mlflow.health</c> and <c>mlflow.api</c>, plus <c>mlflow.write</c> when <paramref name="smokeWrite"/> is set and
    /// <c>mlflow.restored-data</c> after a Restore. The client is the caller's to dispose after the run.
    /// </summary>
    public static IReadOnlyList<IVerificationCheck> For(DeploymentOutputs outputs, MlflowClient client, bool smokeWrite, RestoreRecord? restore = null)
    {
        var checks = new List<IVerificationCheck>
        {
            new MlflowHealthCheck(client, outputs.MlflowVersion),
            new MlflowApiCheck(client),
        };
        if (smokeWrite)
        {
            checks.Add(new MlflowSmokeWriteCheck(client));
        }

        if (restore is not null)
        {
            checks.Add(new RestoredDataCheck(client, restore));
        }

        return checks;
    }
}

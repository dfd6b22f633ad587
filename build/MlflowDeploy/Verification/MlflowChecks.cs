using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>The MLflow half of Verify, assembled from what Terraform deployed.</summary>
public static class MlflowChecks
{
    /// <summary>
    /// <c>mlflow.health</c> and <c>mlflow.api</c>, plus <c>mlflow.write</c> when <paramref name="smokeWrite"/> is set.
    /// The client is the caller's to dispose after the run.
    /// </summary>
    public static IReadOnlyList<IVerificationCheck> For(DeploymentOutputs outputs, MlflowClient client, bool smokeWrite)
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

        return checks;
    }
}

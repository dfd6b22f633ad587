using MlflowDeploy.Backup;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>The MLflow half of Verify, assembled from what Terraform deployed.</summary>
public static class MlflowChecks
{
    /// <summary>
    /// <c>mlflow.health</c> and <c>mlflow.api</c>, plus <c>mlflow.write</c> when <paramref name="smokeWrite"/> is set and
    /// <c>mlflow.restored-data</c> after a Restore. The client is the caller's to dispose after the run. With a
    /// <paramref name="sample"/> (fed by the client's <see cref="MlflowClientOptions.Answered"/>) each check is judged on
    /// every call made to the server.
    /// </summary>
    public static IReadOnlyList<IVerificationCheck> For(
        DeploymentOutputs outputs, MlflowClient client, bool smokeWrite, MlflowCallSample? sample = null, RolloutVerdict? rollout = null, RestoreRecord? restore = null)
    {
        var checks = new List<IVerificationCheck>
        {
            new MlflowHealthCheck(client, outputs.MlflowVersion, rollout),
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

        return sample is null ? checks : checks.Select(c => (IVerificationCheck)new SampledMlflowCheck(c, sample)).ToList();
    }
}

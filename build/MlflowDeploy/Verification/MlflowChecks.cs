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

    /// <summary>
    /// A client for the deployed URL, with <paramref name="credentials"/> or else the MLFLOW_TRACKING_* variables of
    /// this process. Pass <c>client.Credentials.SecretValues</c> to <see cref="VerificationOptions.Secrets"/>.
    /// </summary>
    public static MlflowClient ClientFor(DeploymentOutputs outputs, MlflowCredentials? credentials = null, TimeSpan? requestTimeout = null)
    {
        if (!Uri.TryCreate(outputs.MlflowUrl, UriKind.Absolute, out var url))
        {
            throw new ActionableError($"The Terraform output mlflow_url '{outputs.MlflowUrl}' is not an absolute URL: check infra/outputs.tf and re-run apply.");
        }

        return new MlflowClient(new MlflowClientOptions
        {
            BaseUrl = url,
            Credentials = credentials ?? MlflowCredentials.FromEnvironment(),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
        });
    }
}

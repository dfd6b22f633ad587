namespace MlflowDeploy.Verification;

/// <summary>Whether anything serves MLflow at the URL Terraform reported.</summary>
public enum MlflowAvailability
{
    /// <summary>A real deployment: the load balancer's URL serves the tracking server.</summary>
    AtDeployedUrl,

    /// <summary>
    /// The local emulator: nothing listens at the ALB's DNS name. Verify checks <c>--mlflow-url</c> when given,
    /// else an <c>mlflow</c> it starts from PATH, else skips the MLflow checks with the reason.
    /// </summary>
    NotServedByEmulator,
}

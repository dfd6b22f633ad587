using System.Text.Json;
using MlflowDeploy.Aws;
using MlflowDeploy.Mlflow;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// Who Verify is to MLflow: the <c>MLFLOW_TRACKING_*</c> variables when they are set; otherwise, on a stack with
/// basic-auth, its least-privileged verification user, read from the one secret the plan role may read. Its values
/// join the run's secrets, so no rendering of the report can show them.
/// </summary>
public static class VerificationCredentials
{
    public static async Task<MlflowCredentials> ResolveAsync(DeploymentOutputs outputs, AwsClients aws, Action<string> log, CancellationToken cancellationToken)
    {
        var fromEnvironment = MlflowCredentials.FromEnvironment();
        if (fromEnvironment.IsConfigured || outputs.VerifierSecretArn is not { } arn)
        {
            return fromEnvironment;
        }

        var unset = $"or set {MlflowCredentials.UsernameVariable}/{MlflowCredentials.PasswordVariable}";
        SecretValue secret;
        try
        {
            secret = await aws.SecretsManager.GetSecretValueAsync(arn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            throw new ActionableError($"the verification user's secret {arn} has no value yet — Apply seeds it in the init task; run Apply, {unset}", exitCode: 2);
        }
        catch (ActionableError e)
        {
            throw new ActionableError($"reading the verification user's secret: {e.Message} — {unset}", e.ExitCode, e);
        }

        try
        {
            using var document = JsonDocument.Parse(secret.SecretString);
            var username = document.RootElement.GetProperty("username").GetString();
            var password = document.RootElement.GetProperty("password").GetString();
            if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
            {
                throw new KeyNotFoundException("username or password is empty");
            }

            log($"MLflow credentials: the verification user '{username}' from the stack's secret ({unset} to use others)");
            return MlflowCredentials.Basic(username, password);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // The secret's text is never quoted: it is a password.
            throw new ActionableError($"the verification user's secret {arn} is not {{\"username\", \"password\"}} JSON — re-seed it by deleting its value and running Apply, {unset}", exitCode: 2);
        }
    }
}

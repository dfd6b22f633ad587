using MlflowDeploy.Environments;

namespace MlflowDeploy.Terraform;

/// <summary>
/// Where an environment's state lives, as <c>terraform init</c>'s <c>-backend-config</c> arguments. <c>infra/backend.tf</c>
/// declares one S3 backend for every environment, so nothing is generated inside <c>infra/</c> and several environments
/// can be initialised from one checkout at once, each in its own data folder. An account's environment names its
/// bucket in <c>&lt;env&gt;.backend.hcl</c>; an emulated one keeps its state in a bucket of the emulator itself.
/// </summary>
public sealed record StateBackend(IReadOnlyList<string> InitArguments, string Description)
{
    public const string EmulatedStateBucket = "mlflow-deploy-state";

    public static StateBackend For(DeployEnvironment environment, string region)
    {
        if (environment.UsesEmulator)
        {
            var key = EmulatedStateKey(environment);
            return new StateBackend(
                [$"-backend-config=bucket={EmulatedStateBucket}", $"-backend-config=key={key}", $"-backend-config=region={region}", "-backend-config=use_lockfile=true"],
                $"s3://{EmulatedStateBucket}/{key} in the emulator");
        }

        if (environment.BackendConfigFile is not { } file)
        {
            throw MissingBackendFile(environment);
        }

        return new StateBackend(
            ["-backend-config=" + Path.GetRelativePath(environment.InfraDirectory, file).Replace('\\', '/')],
            $"S3 as configured in infra/environments/{Path.GetFileName(file)}");
    }

    /// <summary>Where an emulated environment's state lives in <see cref="EmulatedStateBucket"/>.</summary>
    public static string EmulatedStateKey(DeployEnvironment environment) => $"mlflow-deploy/{environment.Name}/terraform.tfstate";

    public static ActionableError MissingBackendFile(DeployEnvironment environment) => new(
        $"environment '{environment.Name}' has no infra/environments/{environment.Name}.backend.hcl: state for an AWS account must be remote and locked — copy staging.backend.hcl to it and set its bucket and key",
        exitCode: 2);
}

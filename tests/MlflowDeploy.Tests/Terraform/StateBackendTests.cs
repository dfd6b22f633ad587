using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

public sealed class StateBackendTests
{
    private static DeployEnvironment Environment(string name, string? backend = null) => new()
    {
        Name = name,
        RepositoryRoot = "/repo",
        VarFile = $"/repo/infra/environments/{name}.tfvars",
        BackendConfigFile = backend,
    };

    [Fact]
    public void An_account_environment_reads_its_bucket_from_its_backend_file()
    {
        var backend = StateBackend.For(Environment("staging", "/repo/infra/environments/staging.backend.hcl"), "eu-west-2");

        Assert.Equal(["-backend-config=environments/staging.backend.hcl"], backend.InitArguments);
    }

    [Fact]
    public void Each_emulated_environment_keeps_its_state_under_its_own_key_in_the_emulator()
    {
        var local = StateBackend.For(Environment("local"), "eu-west-2");
        var other = StateBackend.For(Environment("local-two"), "eu-west-2");

        Assert.Contains("-backend-config=bucket=" + StateBackend.EmulatedStateBucket, local.InitArguments);
        Assert.Contains("-backend-config=key=mlflow-deploy/local/terraform.tfstate", local.InitArguments);
        Assert.Contains("-backend-config=key=mlflow-deploy/local-two/terraform.tfstate", other.InitArguments);
        Assert.Contains("-backend-config=use_lockfile=true", local.InitArguments);
    }

    [Fact]
    public void An_account_environment_without_a_backend_file_is_one_line() =>
        Assert.Equal(
            "environment 'sandbox' has no infra/environments/sandbox.backend.hcl: state for an AWS account must be remote and locked — copy staging.backend.hcl to it and set its bucket and key",
            Assert.Throws<ActionableError>(() => StateBackend.For(Environment("sandbox"), "eu-west-2")).Message);
}

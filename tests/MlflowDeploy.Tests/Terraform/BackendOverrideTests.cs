using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

public sealed class BackendOverrideTests
{
    [Fact]
    public void Remote_environments_get_an_s3_backend_and_local_ones_a_state_file_under_artifacts()
    {
        var staging = new DeployEnvironment { Name = "staging", RepositoryRoot = "/repo", VarFile = "/repo/infra/environments/staging.tfvars", BackendConfigFile = "/repo/infra/environments/staging.backend.hcl" };
        var local = new DeployEnvironment { Name = "local", RepositoryRoot = "/repo", VarFile = "/repo/infra/environments/local.tfvars" };

        Assert.Contains("backend \"s3\" {}", BackendOverride.Render(staging));
        Assert.Contains("path = \"/repo/artifacts/local/terraform.tfstate\"", BackendOverride.Render(local));
    }

    [Fact]
    public void The_cli_config_points_only_registry_providers_at_the_mirror()
    {
        var config = TerraformCliConfig.Render("/opt/mirror");

        Assert.Contains("path    = \"/opt/mirror\"", config);
        Assert.Contains("include = [\"registry.terraform.io/*/*\"]", config);
        Assert.Contains("exclude = [\"registry.terraform.io/*/*\"]", config);
        Assert.Contains("disable_checkpoint = true", config);
    }

    [Fact]
    public void A_mirror_that_is_not_a_folder_is_one_line() =>
        Assert.StartsWith("TF_PLUGIN_MIRROR=/no/such/folder is not a folder", Assert.Throws<ActionableError>(() => TerraformCliConfig.Write(Path.GetTempPath(), "/no/such/folder")).Message);
}

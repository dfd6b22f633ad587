using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

public sealed class TerraformCliConfigTests
{
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
        Assert.StartsWith("TF_PLUGIN_MIRROR=/no/such/folder is not a folder",
            Assert.Throws<ActionableError>(() => TerraformCliConfig.Write(Path.Combine(Path.GetTempPath(), "terraform.rc"), "/no/such/folder")).Message);
}

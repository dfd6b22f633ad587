namespace MlflowDeploy.Terraform;

/// <summary>
/// The CLI configuration that makes terraform install providers from a local filesystem mirror only,
/// for machines with no registry access. The mirror folder comes from settings, never from code.
/// </summary>
public static class TerraformCliConfig
{
    public static string Write(string path, string mirrorFolder)
    {
        if (!Directory.Exists(mirrorFolder))
        {
            throw new ActionableError(
                $"TF_PLUGIN_MIRROR={mirrorFolder} is not a folder — point it at the provider mirror (the folder holding registry.terraform.io) or unset it to use the registry",
                exitCode: 2);
        }

        File.WriteAllText(path, Render(mirrorFolder));
        return path;
    }

    public static string Render(string mirrorFolder)
    {
        var escaped = mirrorFolder.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return $$"""
            disable_checkpoint = true

            provider_installation {
              filesystem_mirror {
                path    = "{{escaped}}"
                include = ["registry.terraform.io/*/*"]
              }
              direct {
                exclude = ["registry.terraform.io/*/*"]
              }
            }

            """;
    }
}

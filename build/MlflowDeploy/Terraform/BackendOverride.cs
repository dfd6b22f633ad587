using MlflowDeploy.Environments;

namespace MlflowDeploy.Terraform;

/// <summary>
/// The root module declares no backend, so one code base serves every environment. Before init this writes
/// the gitignored <c>infra/backend_override.tf</c>: S3 (settings from <c>&lt;env&gt;.backend.hcl</c>) for
/// environments with remote state, otherwise a local state file kept under the environment's artifacts.
/// </summary>
public static class BackendOverride
{
    public const string FileName = "backend_override.tf";

    public static string Write(DeployEnvironment environment)
    {
        var path = Path.Combine(environment.InfraDirectory, FileName);
        File.WriteAllText(path, Render(environment));
        return path;
    }

    public static string Render(DeployEnvironment environment)
    {
        const string header = "# Written by mlflow-deploy before every init; not committed. See infra/README.md.\n";
        if (environment.HasRemoteState)
        {
            return header + "terraform {\n  backend \"s3\" {}\n}\n";
        }

        var state = environment.LocalStateFile.Replace("\\", "/", StringComparison.Ordinal);
        return header + $"terraform {{\n  backend \"local\" {{\n    path = \"{state}\"\n  }}\n}}\n";
    }
}

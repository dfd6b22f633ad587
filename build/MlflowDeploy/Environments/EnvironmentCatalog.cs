using System.Text.RegularExpressions;

namespace MlflowDeploy.Environments;

/// <summary>Resolves <c>--environment</c> to the files under <c>infra/environments/</c>.</summary>
public static partial class EnvironmentCatalog
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex ValidName();

    public static IReadOnlyList<string> Names(string repositoryRoot)
    {
        var folder = Folder(repositoryRoot);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.tfvars")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static DeployEnvironment Resolve(string repositoryRoot, string? name)
    {
        var known = Names(repositoryRoot);
        var valid = known.Count == 0 ? "none found" : string.Join(", ", known);
        if (string.IsNullOrWhiteSpace(name) || !ValidName().IsMatch(name))
        {
            throw new ActionableError(
                $"--environment='{name}' is not a valid environment name (lowercase letters, digits and '-'); valid environments: {valid}",
                exitCode: 2);
        }

        var varFile = Path.Combine(Folder(repositoryRoot), name + ".tfvars");
        if (!File.Exists(varFile))
        {
            throw new ActionableError(
                $"unknown environment '{name}': there is no infra/environments/{name}.tfvars; valid environments: {valid}",
                exitCode: 2);
        }

        var backend = Path.Combine(Folder(repositoryRoot), name + ".backend.hcl");
        return new DeployEnvironment
        {
            Name = name,
            RepositoryRoot = repositoryRoot,
            VarFile = varFile,
            BackendConfigFile = File.Exists(backend) ? backend : null,
        };
    }

    private static string Folder(string repositoryRoot) => Path.Combine(repositoryRoot, "infra", "environments");
}

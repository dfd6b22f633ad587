using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Preflight;

/// <summary>
/// A scratch checkout holding a copy of the repository's real <c>infra/</c>, where a test writes its own environment
/// files. The copy keeps the checkout's infra untouched by bad settings and by terraform's working files.
/// </summary>
public sealed class PreflightRepository : IDisposable
{
    private readonly TempDirectory _root = new();

    public PreflightRepository()
    {
        var source = Path.Combine(Support.RepositoryRoot.Path, "infra");
        Directory.CreateDirectory(Infra);
        Directory.CreateDirectory(Path.Combine(Infra, "environments"));
        foreach (var file in Directory.EnumerateFiles(source, "*.tf").Where(f => !f.EndsWith("_override.tf", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(Infra, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(source, ".terraform.lock.hcl"), Path.Combine(Infra, ".terraform.lock.hcl"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(source, "environments")))
        {
            File.Copy(file, Path.Combine(Infra, "environments", Path.GetFileName(file)));
        }
    }

    public string Root => _root.Path;
    public string Infra => Path.Combine(_root.Path, "infra");

    public static string LocalTfvars => File.ReadAllText(Path.Combine(Support.RepositoryRoot.Path, "infra", "environments", "local.tfvars"));

    /// <summary>The backend file of an account environment whose state is in <paramref name="bucket"/> (eu-west-2, S3 lock file).</summary>
    public static string BackendHcl(string bucket, string environment) => $"""
        bucket       = "{bucket}"
        key          = "mlflow-deploy/{environment}/terraform.tfstate"
        region       = "eu-west-2"
        use_lockfile = true
        """;

    /// <summary>An environment whose tfvars is the clean local one with <paramref name="changes"/> applied (name → HCL value, null removes).</summary>
    /// <remarks>The file is put through <c>terraform fmt</c>, as a user's would be, so that only the intended fault is in it.</remarks>
    public DeployEnvironment Environment(string name, IReadOnlyDictionary<string, string?>? changes = null, string? extraLines = null, string? backendHcl = null)
    {
        var lines = LocalTfvars.Split('\n').ToList();
        foreach (var (variable, value) in changes ?? new Dictionary<string, string?>())
        {
            var index = lines.FindIndex(l => l.StartsWith(variable + " ", StringComparison.Ordinal) || l.StartsWith(variable + "=", StringComparison.Ordinal));
            if (index >= 0)
            {
                if (value is null) lines.RemoveAt(index);
                else lines[index] = $"{variable} = {value}";
            }
            else if (value is not null)
            {
                lines.Add($"{variable} = {value}");
            }
        }

        if (extraLines is not null)
        {
            lines.Add(extraLines);
        }

        var varFile = Path.Combine(Infra, "environments", name + ".tfvars");
        File.WriteAllText(varFile, string.Join('\n', lines).TrimEnd() + "\n");
        var fmt = ExternalProcess.RunAsync("terraform", ["fmt", "-no-color", varFile], CommandDeadline.Helper).GetAwaiter().GetResult();
        if (fmt.ExitCode != 0)
        {
            throw new InvalidOperationException($"terraform fmt {varFile} failed: {fmt.StandardError}");
        }

        string? backend = null;
        if (backendHcl is not null)
        {
            backend = Path.Combine(Infra, "environments", name + ".backend.hcl");
            File.WriteAllText(backend, backendHcl);
        }

        return new DeployEnvironment { Name = name, RepositoryRoot = Root, VarFile = varFile, BackendConfigFile = backend };
    }

    public static TerraformWorkspace Workspace(DeployEnvironment environment, List<string> log) =>
        TerraformWorkspace.Create(environment, TerraformSettings.FromEnvironment(), new Dictionary<string, string?>(), line =>
        {
            lock (log) log.Add(line);
        });

    public void Dispose() => _root.Dispose();
}

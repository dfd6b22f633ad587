using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Bootstrap;

/// <summary>
/// A scratch copy of infra/bootstrap (without its .terraform folder), initialised offline against the
/// provider mirror when the machine has one, else the registry. The copy lets a test edit the module.
/// </summary>
internal sealed class BootstrapModule : IDisposable
{
    private static readonly TimeSpan InitDeadline = TimeSpan.FromMinutes(10);

    private readonly TempDirectory _scratch = new();

    private BootstrapModule()
    {
        Directory = Path.Combine(_scratch.Path, "bootstrap");
        Copy(Path.Combine(RepositoryRoot.Path, "infra", "bootstrap"), Directory);
        var mirror = TerraformSettings.FromEnvironment().PluginMirror;
        var cliConfig = mirror is null
            ? _scratch.Write("terraform.rc", "disable_checkpoint = true\n")
            : TerraformCliConfig.Write(Path.Combine(_scratch.Path, "terraform.rc"), mirror);
        Environment = new Dictionary<string, string?>
        {
            ["TF_CLI_CONFIG_FILE"] = cliConfig,
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["CHECKPOINT_DISABLE"] = "1",
        };
    }

    public string Directory { get; }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public static async Task<BootstrapModule> InitAsync()
    {
        var module = new BootstrapModule();
        try
        {
            var init = await module.TerraformAsync(InitDeadline, "init", "-backend=false", "-input=false", "-lockfile=readonly", "-no-color");
            Assert.True(init.ExitCode == 0, $"terraform init failed:\n{init.StandardOutput}\n{init.StandardError}");
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    public Task<ExternalProcess.Result> TerraformAsync(TimeSpan deadline, params string[] arguments) =>
        ExternalProcess.RunAsync("terraform", arguments, deadline, Directory, Environment);

    public void Edit(string file, string from, string to)
    {
        var path = Path.Combine(Directory, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose() => _scratch.Dispose();

    private static bool IsLocalOnly(string name) =>
        name == "terraform.tfvars" || name.EndsWith(".auto.tfvars", StringComparison.Ordinal)
        || name.Contains(".tfstate", StringComparison.Ordinal) || name.EndsWith(".plan", StringComparison.Ordinal);

    private static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        // A developer's own tfvars or state would leak into the test runs; only the module's sources are copied.
        foreach (var file in System.IO.Directory.EnumerateFiles(from).Where(f => !IsLocalOnly(Path.GetFileName(f))))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(from).Where(d => Path.GetFileName(d) != ".terraform"))
        {
            Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}

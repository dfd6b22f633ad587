using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Terraform;

/// <summary>
/// A stand-in terraform executable (a shell script on a private PATH) that records its arguments and plays
/// back a scripted answer, so the runner's command lines and its handling of answers are tested as real
/// processes without a provider.
/// </summary>
public sealed class FakeTerraform : IDisposable
{
    private readonly TempDirectory _folder = new();

    public FakeTerraform(string body)
    {
        Repository = _folder.Path;
        _folder.Write("infra/environments/local.tfvars", "region = \"eu-west-2\"\n");
        _folder.Write("infra/environments/staging.tfvars", "region = \"eu-west-2\"\n");
        _folder.Write("infra/environments/staging.backend.hcl", "bucket = \"state\"\n");
        // Terraform (Go) takes SIGINT even when it starts with SIGINT ignored, as it does under a test runner started in
        // the background; bash cannot trap a signal ignored on entry, so env restores the default first.
        var script = _folder.Write("bin/terraform", $"#!/usr/bin/env -S --default-signal=INT bash\nprintf '%s\\n' \"$*\" >> \"{ArgumentsLog}\"\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Repository { get; }

    public string BinFolder => Path.Combine(_folder.Path, "bin");

    public string ArgumentsLog => Path.Combine(_folder.Path, "arguments.log");

    public IReadOnlyList<string> Invocations => File.Exists(ArgumentsLog) ? File.ReadAllLines(ArgumentsLog) : [];

    public List<string> Output { get; } = [];

    public TerraformWorkspace Workspace(string environment, TerraformSettings? settings = null) =>
        TerraformWorkspace.Create(
            EnvironmentCatalog.Resolve(Repository, environment),
            settings ?? new TerraformSettings(),
            new Dictionary<string, string?>(),
            line => { lock (Output) { Output.Add(line); } },
            path: BinFolder);

    public void Dispose() => _folder.Dispose();
}

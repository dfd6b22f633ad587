using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Infra;

/// <summary>
/// Runs the modules' own <c>terraform test</c> files (mocked provider, no AWS, no emulator) from the suite,
/// so the infra invariants — encrypted private RDS, one port in the URI, private tasks, blocked public
/// access, the security-group chain, no password in the plan — are checked by the one test command.
/// </summary>
public sealed class TerraformModuleTests
{
    public static TheoryData<string> TestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var module in new[] { "infra", Path.Combine("infra", "bootstrap") })
        {
            var folder = Path.Combine(RepositoryRoot.Path, module, "tests");
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*.tftest.hcl").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TestFiles))]
    public async Task Terraform_test_passes(string testFile)
    {
        var module = Path.Combine(RepositoryRoot.Path, Path.GetDirectoryName(Path.GetDirectoryName(testFile))!);
        using var scratch = new TempDirectory();
        var environment = new Dictionary<string, string?>
        {
            ["TF_DATA_DIR"] = Path.Combine(scratch.Path, ".terraform"),
            ["TF_IN_AUTOMATION"] = "1",
            ["CHECKPOINT_DISABLE"] = "1",
            // The apply runs execute infra/init.tf's provisioner; these mocked tests give it a hook that does nothing.
            ["MLFLOW_DEPLOY_INIT_HOOK"] = "true",
        };
        if (TerraformSettings.FromEnvironment().PluginMirror is { } mirror)
        {
            environment["TF_CLI_CONFIG_FILE"] = TerraformCliConfig.Write(Path.Combine(scratch.Path, "terraform.rc"), mirror);
        }

        var init = await Terraform(module, environment, "init", "-backend=false", "-input=false", "-no-color");
        Assert.True(init.ExitCode == 0, init.StandardOutput + init.StandardError);

        var test = await Terraform(module, environment, "test", "-no-color", "-filter=" + Path.GetRelativePath(module, Path.Combine(RepositoryRoot.Path, testFile)));

        Assert.True(test.ExitCode == 0, test.StandardOutput + test.StandardError);
        Assert.Matches(@"Success! \d+ passed, 0 failed\.", test.StandardOutput);
    }

    private static Task<ExternalProcess.Result> Terraform(string module, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        // A bound against a hang, not a speed check: one file took over 5 minutes on a loaded runner.
        ExternalProcess.RunAsync("terraform", arguments, TimeSpan.FromMinutes(15), module, environment);
}

using System.Text.Json;
using System.Text.RegularExpressions;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// The product's main job as a user runs it: <c>./build.sh</c> with no arguments rehearses the whole pipeline
/// against a moto emulator that it starts and stops itself.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RehearsalTests
{
    private static string Artifacts(string file) => Path.Combine(RepositoryRoot.Path, "artifacts", "local", file);

    [Fact]
    public async Task The_default_build_rehearses_every_stage_and_leaves_nothing_behind()
    {
        var result = await BuildScript.RunAsync();
        var output = result.All;

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{output}");
        foreach (var stage in new[] { "Validate", "Plan", "Apply", "Verify", "Destroy", "Rehearse" })
        {
            Assert.Matches(new Regex($@"(?m)^\s*{stage}\s+\d\d:\d\d:\d\d\.\d+\s+Succeeded"), output);
        }

        Assert.Contains("terraform validate: valid", output);
        Assert.Matches(@"Plan: \d+ to add, 0 to change, 0 to destroy\.", output);
        Assert.Matches(@"Apply complete! Resources: \d+ added", output);
        Assert.Matches("second plan: no changes|third plan: no changes — converged after one re-apply", output);
        Assert.Matches(@"Destroy complete! Resources: \d+ destroyed", output);
        Assert.Contains("state is empty: nothing is left", output);

        // What each stage handed to the next is on disk; the raw plan JSON (secrets in clear) is not.
        foreach (var file in new[] { "plan.bin", "plan.manifest.json", "plan-summary.md", "plan-summary.json", "plan.redacted.json" })
        {
            Assert.True(File.Exists(Artifacts(file)), $"{file} missing");
        }

        Assert.False(File.Exists(Artifacts("plan.raw.json")));
        Assert.False(File.Exists(Artifacts("terraform.tfstate")));
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Artifacts("plan.manifest.json"))))
        {
            Assert.Equal("local", manifest.RootElement.GetProperty("environment").GetString());
        }

        var moto = ProcessProbe.EmulatorPid(output);
        Assert.NotNull(moto);
        Assert.False(ProcessProbe.IsAlive(moto.Value), $"the emulator (pid {moto}) outlived the build");
    }
}

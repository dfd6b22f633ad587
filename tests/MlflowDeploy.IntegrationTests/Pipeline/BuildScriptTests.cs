using System.Text.RegularExpressions;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>The bootstrap scripts themselves: the task graph they expose, and build.ps1 doing what build.sh does.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class BuildScriptTests
{
    private static readonly string[] Stages = ["Validate", "Plan", "Apply", "Verify", "SecondCycle", "Destroy"];

    [Fact]
    public async Task The_tree_shows_the_rehearsal_and_its_stages_in_order()
    {
        var result = await BuildScript.RunAsync("--tree");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var root = lines.IndexOf("Rehearse");
        Assert.True(root >= 0, result.Output);
        Assert.Equal(Stages, lines.Skip(root + 1).Take(Stages.Length).Select(l => Regex.Replace(l, @"^[├└─│\s]+", string.Empty)));
    }

    [Fact]
    public async Task A_dry_run_starts_neither_the_emulator_nor_terraform()
    {
        var result = await BuildScript.RunAsync("--dryrun");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("This was a dry run.", result.Output);
        Assert.DoesNotContain("AWS emulator", result.Output);
    }

    [Fact]
    public async Task Build_ps1_runs_the_same_graph_and_returns_the_targets_exit_code()
    {
        static Task<ExternalProcess.Result> Pwsh(params string[] arguments) => ExternalProcess.RunAsync(
            "dotnet",
            ["pwsh", "-NoProfile", "-File", "./build.ps1", .. arguments],
            TimeSpan.FromMinutes(5),
            RepositoryRoot.Path,
            new Dictionary<string, string?> { ["NO_COLOR"] = "1" });

        var tree = await Pwsh("--tree");
        var bad = await Pwsh("--target=Plan", "--environment=nope");

        Assert.True(tree.ExitCode == 0, tree.StandardOutput + tree.StandardError);
        foreach (var stage in Stages.Append("Rehearse"))
        {
            Assert.Contains(stage, tree.StandardOutput);
        }

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("✖ unknown environment 'nope'", bad.StandardError);
    }
}

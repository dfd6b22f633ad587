using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// A stage starts only what it uses: Report reads two files and needs neither terraform nor the emulator, and
/// environments planned side by side from one checkout do not share anything terraform writes.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class StageIsolationTests
{
    [Fact]
    public async Task Report_reads_its_two_files_with_no_terraform_on_path_and_starts_no_emulator()
    {
        using var environment = new TemporaryEnvironment("local-report", new Dictionary<string, string>());
        Directory.CreateDirectory(environment.Artifacts);
        File.WriteAllText(Path.Combine(environment.Artifacts, "verify.json"), """{"schemaVersion":1,"outcome":"healthy","exitCode":0,"checks":[]}""");
        File.WriteAllText(Path.Combine(environment.Artifacts, "verify.md"), "all green");
        File.WriteAllText(Path.Combine(environment.Artifacts, "plan-summary.json"), """{"environment":"local-report","status":"no_changes"}""");
        File.WriteAllText(Path.Combine(environment.Artifacts, "plan-summary.md"), "no changes");
        var path = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':')
            .Where(dir => !File.Exists(Path.Combine(dir, "terraform"))));

        var result = await BuildScript.RunAsync(
            TimeSpan.FromMinutes(3),
            new Dictionary<string, string?> { ["PATH"] = path, ["GITHUB_TOKEN"] = null, ["GITHUB_REPOSITORY"] = null },
            "--target=Report", $"--environment={environment.Name}");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.All}");
        Assert.DoesNotContain("terraform was not found", result.All);
        Assert.DoesNotContain("AWS emulator", result.All);
        Assert.False(File.Exists(Path.Combine(environment.Artifacts, "moto.log")), "Report started the emulator");
        Assert.False(Directory.Exists(Path.Combine(environment.Artifacts, ".terraform")), "Report initialised terraform");
        // Without a token nothing reaches GitHub, and the run says so rather than failing.
        Assert.Contains("GITHUB_TOKEN", result.All);
    }

    [Fact]
    public async Task Two_environments_planned_at_once_from_one_checkout_both_succeed()
    {
        using var first = new TemporaryEnvironment("local-twin-a", new Dictionary<string, string>());
        using var second = new TemporaryEnvironment("local-twin-b", new Dictionary<string, string> { ["desired_count"] = "3" });
        // Publish the library and compile the script once, so the two runs below race on terraform only.
        var warm = await BuildScript.RunAsync("--target=Plan", "--dryrun");
        Assert.True(warm.ExitCode == 0, warm.All);

        var plans = await Task.WhenAll(
            BuildScript.RunAsync("--target=Plan", $"--environment={first.Name}"),
            BuildScript.RunAsync("--target=Plan", $"--environment={second.Name}"));

        foreach (var (result, environment) in plans.Zip([first, second]))
        {
            Assert.True(result.ExitCode == 0, $"{environment.Name}: exit {result.ExitCode}\n{result.All}");
            Assert.True(File.Exists(Path.Combine(environment.Artifacts, "plan.bin")), $"{environment.Name}: no plan.bin");
            Assert.Contains($"s3://mlflow-deploy-state/mlflow-deploy/{environment.Name}/", result.All);
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "infra"), "*_override.tf"));
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using MlflowDeploy.Tests.MlflowDouble;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// The product's main job as a user runs it: <c>./build.sh</c> rehearses the whole pipeline against a moto
/// emulator that it starts and stops itself. The emulator runs no MLflow, so the rehearsal is pointed
/// (<c>--mlflow-url</c>) at the in-test MLflow double, and Verify runs every check, the smoke write included.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class RehearsalTests
{
    private static string Artifacts(string file) => Path.Combine(RepositoryRoot.Path, "artifacts", "local", file);

    [Fact]
    public async Task The_default_build_rehearses_every_stage_and_leaves_nothing_behind()
    {
        await using var mlflow = await MlflowDoubleServer.StartAsync(version: "2.18.0");
        var result = await BuildScript.RunAsync($"--mlflow-url={mlflow.BaseUrl}");
        var output = result.All;

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{output}");
        foreach (var stage in new[] { "Validate", "Plan", "Apply", "Verify", "Destroy", "Rehearse" })
        {
            Assert.Matches(new Regex($@"(?m)^\s*{stage}\s+\d\d:\d\d:\d\d\.\d+\s+Succeeded"), output);
        }

        Assert.Contains("terraform validate: valid", output);
        Assert.Matches(@"Plan: \d+ to add, 0 to change, 0 to destroy\.", output);
        Assert.Matches(@"Apply complete! Resources: \d+ added", output);
        Assert.Contains("plan after apply: no changes — the apply converged", output);
        // The second cycle changes the stack: its plan carries the override past the tfvars' own desired_count and
        // terraform changes a resource. (A TF_VAR_ variable loses to the tfvars, and once left this cycle planning
        // nothing.) The stand-in's "one more task" line is not evidence: it follows the output, not the service.
        Assert.Contains("second cycle: desired_count 2 → 3", output);
        Assert.Contains("Overrides (this plan only, on top of the tfvars): desired_count=3", output);
        Assert.Matches(@"Apply complete! Resources: 0 added, [1-9]\d* changed, 0 destroyed\.", output);
        Assert.Matches(@"Apply complete! Resources: 0 added, 0 changed, [1-9]\d* destroyed", output); // Destroy applies a reviewed destroy plan
        Assert.Contains("state is empty: nothing is left", output);
        Assert.Contains("SIMULATION: moto runs no containers", output);

        // Verify ran every check, wrote both reports, and the smoke write left nothing behind in MLflow.
        using (var verify = JsonDocument.Parse(File.ReadAllText(Artifacts("verify.json"))))
        {
            Assert.Equal("healthy", verify.RootElement.GetProperty("outcome").GetString());
            var checks = verify.RootElement.GetProperty("checks").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
            foreach (var name in new[] { "ecs.service", "ecs.tasks", "alb", "logs", "rds", "s3", "alarms", "mlflow.health", "mlflow.api", "mlflow.write" })
            {
                Assert.True(checks.TryGetValue(name, out var status) && status == "pass", $"{name}: {status}\n{output}");
            }
        }

        Assert.True(File.Exists(Artifacts("verify.md")));
        Assert.All(mlflow.Store.Experiments.Where(e => e.Name.StartsWith("mlflow-deploy-smoke", StringComparison.Ordinal)), e => Assert.Equal("deleted", e.LifecycleStage));
        Assert.Contains(mlflow.Store.Experiments, e => e.Name.StartsWith("mlflow-deploy-smoke", StringComparison.Ordinal));

        // What each stage handed to the next is on disk; the raw plan JSON (secrets in clear) is not.
        foreach (var file in new[] { "plan.bin", "plan.manifest.json", "plan-summary.md", "plan-summary.json", "plan.redacted.json" })
        {
            Assert.True(File.Exists(Artifacts(file)), $"{file} missing");
        }

        // The only JSON left beside the plan is what the stages hand on; the state lived (and died) in the emulator.
        Assert.Equal(
            ["plan-summary.json", "plan.manifest.json", "plan.redacted.json", "verify.json"],
            Directory.EnumerateFiles(Artifacts(""), "*.json").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal));
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

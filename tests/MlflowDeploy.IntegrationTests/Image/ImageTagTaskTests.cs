using System.Text.RegularExpressions;
using MlflowDeploy.Tests.Pipeline;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Image;

/// <summary>
/// ./build.sh --target=ImageTag as the workflows' image steps run it: the tag of infra/image for an environment's
/// mlflow_version, as step outputs, from files alone (no terraform on PATH, no emulator, no credentials).
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class ImageTagTaskTests
{
    [Fact]
    public async Task The_tag_follows_the_environments_version_and_is_a_step_output()
    {
        using var pinned = new TemporaryEnvironment("local-image-tag", new Dictionary<string, string> { ["mlflow_version"] = "\"2.17.2\"" });
        using var scratch = new TempDirectory();
        var outputs = scratch.Write("github_output", string.Empty);
        var path = string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':')
            .Where(dir => !File.Exists(Path.Combine(dir, "terraform"))));
        var environment = new Dictionary<string, string?> { ["PATH"] = path, ["GITHUB_OUTPUT"] = outputs };

        var production = await BuildScript.RunAsync(TimeSpan.FromMinutes(3), environment, "--target=ImageTag", "--environment=production");
        Assert.True(production.ExitCode == 0, production.All);
        var productionTag = Regex.Match(File.ReadAllText(outputs), "(?m)^tag=(.+)$").Groups[1].Value;
        // production.tfvars leaves mlflow_version to infra/variables.tf's default.
        var declared = Regex.Match(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "variables.tf")),
            "variable \"mlflow_version\" \\{[^}]*?default\\s*=\\s*\"([^\"]+)\"").Groups[1].Value;
        Assert.Matches($"^{Regex.Escape(declared)}-[0-9a-f]{{12}}$", productionTag);
        Assert.Contains($"mlflow_version={declared}", File.ReadAllText(outputs));
        Assert.Contains($"mlflow-deploy:{productionTag}", production.Output);
        Assert.Contains("repository=mlflow-deploy", File.ReadAllText(outputs));

        var local = await BuildScript.RunAsync(TimeSpan.FromMinutes(3), environment, "--target=ImageTag", $"--environment={pinned.Name}");
        Assert.True(local.ExitCode == 0, local.All);
        // The same build inputs under another version: the hash is the same, the version part follows the tfvars.
        Assert.Contains("tag=2.17.2-" + productionTag[(declared.Length + 1)..], File.ReadAllText(outputs));
        Assert.DoesNotContain("AWS emulator", local.All);
        Assert.False(Directory.Exists(Path.Combine(pinned.Artifacts, ".terraform")), "ImageTag initialised terraform");
    }
}

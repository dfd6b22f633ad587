using System.Text.Json;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Image;

/// <summary>
/// infra/image/Dockerfile through two real linters from npm (tests/tools): dockerfilelint for practices (tags, apt
/// flags, deprecations) and dockerfile-utils for what Docker itself would reject. Each must also flag a bad file,
/// so a linter that silently checks nothing fails here.
/// </summary>
public sealed class DockerfileLintTests
{
    private static readonly string Dockerfile = Path.Combine(RepositoryRoot.Path, "infra", "image", "Dockerfile");

    private const string Bad = """
        FROM ubuntu
        MAINTAINER someone
        RUN apt-get install curl
        COPY entrypoint.py
        EXPOSE 99999
        """;

    private static async Task<ExternalProcess.Result> NodeAsync(string tool, params string[] arguments)
    {
        var modules = await NodeTools.ModulesAsync();
        return await ExternalProcess.RunAsync(Path.Combine(modules, ".bin", tool), arguments, CommandDeadline.Helper, NodeTools.Folder);
    }

    private static async Task<JsonElement> DockerfilelintAsync(string file)
    {
        var result = await NodeAsync("dockerfilelint", "-o", "json", file);
        using var report = JsonDocument.Parse(result.StandardOutput);
        return report.RootElement.Clone();
    }

    [Fact]
    public async Task Dockerfilelint_finds_nothing_in_the_image_and_each_practice_problem_in_a_bad_file()
    {
        var image = await DockerfilelintAsync(Dockerfile);
        using var scratch = new TempDirectory();
        var bad = Path.Combine(scratch.Path, "Dockerfile");
        await File.WriteAllTextAsync(bad, Bad);
        var flagged = await DockerfilelintAsync(bad);

        Assert.True(image.GetProperty("totalIssues").GetInt32() == 0, image.GetRawText());
        var titles = flagged.GetProperty("files")[0].GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ToList();
        Assert.Contains("Base Image Missing Tag", titles);
        Assert.Contains("Missing parameter for `apt-get`", titles);
        Assert.Contains("Deprecated as of Docker 1.13", titles);
        Assert.Contains("Invalid Port Exposed", titles);
    }

    [Fact]
    public async Task Dockerfile_utils_accepts_the_image_and_rejects_a_COPY_without_a_destination()
    {
        var image = await NodeAsync("dockerfile-utils", "lint", Dockerfile);
        using var scratch = new TempDirectory();
        var bad = Path.Combine(scratch.Path, "Dockerfile");
        await File.WriteAllTextAsync(bad, Bad);
        var flagged = await NodeAsync("dockerfile-utils", "lint", bad);

        Assert.True(image.ExitCode == 0 && image.StandardOutput.Trim().Length == 0, image.StandardOutput + image.StandardError);
        Assert.NotEqual(0, flagged.ExitCode);
        Assert.Contains("Error: COPY requires at least two arguments", flagged.StandardOutput);
        Assert.Contains("Warning: MAINTAINER has been deprecated", flagged.StandardOutput);
    }

    [Fact]
    public void The_image_pins_every_package_it_installs_and_runs_as_the_task_definitions_user()
    {
        var text = File.ReadAllText(Dockerfile);

        Assert.Contains("\"mlflow[auth]==${MLFLOW_VERSION}\"", text);
        Assert.Contains("\"psycopg2-binary==${PSYCOPG2_VERSION}\"", text);
        Assert.Contains("\"boto3==${BOTO3_VERSION}\"", text);
        Assert.Matches(@"(?m)^ARG PSYCOPG2_VERSION=\d+\.\d+\.\d+$", text);
        Assert.Matches(@"(?m)^ARG BOTO3_VERSION=\d+\.\d+\.\d+$", text);
        Assert.Matches(@"(?m)^USER 10001:10001$", text);
        Assert.Contains("10001:10001", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "ecs.tf")));
        Assert.Matches(@"(?m)^ENTRYPOINT \[""/usr/local/bin/mlflow-deploy-entrypoint""\]$", text);
    }
}

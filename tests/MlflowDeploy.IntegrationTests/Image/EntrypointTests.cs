using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Image;

/// <summary>
/// The image's entrypoint is Python; its own tests (infra/image/tests, unittest, a fake mlflow on PATH, moto for the
/// password refresher) run here so that the one test command covers them.
/// </summary>
public sealed class EntrypointTests
{
    [Fact]
    public async Task The_entrypoints_python_tests_pass()
    {
        var image = Path.Combine(RepositoryRoot.Path, "infra", "image");

        var result = await ExternalProcess.RunAsync("python3", ["-m", "unittest", "discover", "-s", "tests", "-v"], TimeSpan.FromMinutes(5), image,
            new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["AWS_ENDPOINT_URL"] = null, ["AWS_PROFILE"] = null });

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Matches(@"Ran (\d\d+) tests", result.StandardError);
        Assert.DoesNotContain("skipped", result.StandardError);
        Assert.EndsWith("OK", result.StandardError.Trim());
    }
}

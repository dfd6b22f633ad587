using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// Every repository copy starts from the library published once for the test run: build.sh in a copy neither
/// publishes nor recompiles the script, unless the copy's sources differ from what was published.
/// </summary>
public sealed class RepositoryCopyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_copy_runs_the_published_library_without_publishing_or_compiling_again()
    {
        using var repository = new RepositoryCopy();
        var cache = Path.Combine(repository.Path, "build", "tools", "cache");
        var compiled = Directory.GetFiles(cache).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.NotEmpty(compiled);

        var result = await BuildScript.RunInAsync(repository.Path, Deadline, null, "--target=ImageTag", "--environment=local");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.DoesNotContain("Publishing the MlflowDeploy library", result.All);
        Assert.Contains("image for local:", result.Output);
        Assert.Equal(compiled, Directory.GetFiles(cache).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public async Task A_copy_whose_library_sources_changed_publishes_its_own()
    {
        using var repository = new RepositoryCopy();
        var source = Path.Combine(repository.Path, "build", "MlflowDeploy", "Stages", "ImageTagStage.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace("image for {context.Environment.Name}:", "image (changed copy) for {context.Environment.Name}:", StringComparison.Ordinal));

        var result = await BuildScript.RunInAsync(repository.Path, Deadline, null, "--target=ImageTag", "--environment=local");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("Publishing the MlflowDeploy library", result.All);
        Assert.Contains("image (changed copy) for local:", result.Output);
    }
}

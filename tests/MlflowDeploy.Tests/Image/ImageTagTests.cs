using MlflowDeploy.GitHub;
using MlflowDeploy.Image;
using MlflowDeploy.Preflight;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Image;

public sealed class ImageTagTests
{
    [Fact]
    public void The_same_inputs_give_the_same_tag_and_it_names_the_version()
    {
        using var first = Inputs("FROM python:3.11\n", "print('serve')\n");
        using var second = Inputs("FROM python:3.11\n", "print('serve')\n");

        var tag = ImageTag.For(first.Path, "2.18.0");

        Assert.Equal(tag, ImageTag.For(second.Path, "2.18.0"));
        Assert.Matches("^2\\.18\\.0-[0-9a-f]{12}$", tag.Value);
        Assert.Equal("2.17.2-" + tag.InputsHash, ImageTag.For(first.Path, "2.17.2").Value);
    }

    [Theory]
    [InlineData("FROM python:3.12\n", "print('serve')\n")]
    [InlineData("FROM python:3.11\n", "print('serve') \n")]
    [InlineData("FROM python:3.11\r\n", "print('serve')\n")]
    // The same bytes moved from one file to the other are another build.
    [InlineData("FROM python:3.11\nprint('serve')\n", "")]
    public void Any_change_of_a_build_input_changes_the_tag(string dockerfile, string entrypoint)
    {
        using var original = Inputs("FROM python:3.11\n", "print('serve')\n");
        using var changed = Inputs(dockerfile, entrypoint);

        Assert.NotEqual(ImageTag.For(original.Path, "2.18.0").Value, ImageTag.For(changed.Path, "2.18.0").Value);
    }

    [Fact]
    public void A_version_that_is_not_a_release_is_one_line_naming_the_setting()
    {
        using var inputs = Inputs("FROM python:3.11\n", "print('serve')\n");

        var error = Assert.Throws<ActionableError>(() => ImageTag.For(inputs.Path, "latest"));

        Assert.Contains("mlflow_version 'latest'", error.Message);
        Assert.Contains("tfvars", error.Message);
    }

    [Fact]
    public void A_missing_input_is_named()
    {
        using var inputs = new TempDirectory();
        inputs.Write("Dockerfile", "FROM python:3.11\n");

        var error = Assert.Throws<ActionableError>(() => ImageTag.For(inputs.Path, "2.18.0"));

        Assert.Contains("entrypoint.py", error.Message);
    }

    [Fact]
    public void The_repositorys_image_has_a_tag_for_the_declared_default_version()
    {
        var infra = Path.Combine(RepositoryRoot.Path, "infra");
        var version = DeclaredVariables.Read(infra).Find("mlflow_version")?.StringDefault;

        Assert.NotNull(version);
        Assert.StartsWith(version + "-", ImageTag.For(Path.Combine(infra, "image"), version).Value);
    }

    [Fact]
    public async Task Step_outputs_are_appended_under_actions_and_skipped_outside()
    {
        using var scratch = new TempDirectory();
        var file = scratch.Write("github_output", "earlier=1\n");
        var outputs = new Dictionary<string, string> { ["tag"] = "2.18.0-0123456789ab", ["mlflow_version"] = "2.18.0" };

        Assert.True(await JobOutputs.SetAsync(outputs, CancellationToken.None, name => name == "GITHUB_OUTPUT" ? file : null));
        Assert.False(await JobOutputs.SetAsync(outputs, CancellationToken.None, _ => null));

        Assert.Equal(["earlier=1", "tag=2.18.0-0123456789ab", "mlflow_version=2.18.0"], File.ReadAllLines(file));
    }

    private static TempDirectory Inputs(string dockerfile, string entrypoint)
    {
        var directory = new TempDirectory();
        directory.Write("Dockerfile", dockerfile);
        directory.Write("entrypoint.py", entrypoint);
        return directory;
    }
}

using MlflowDeploy.Environments;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Environments;

public sealed class EnvironmentCatalogTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public EnvironmentCatalogTests()
    {
        _repo.Write("infra/environments/local.tfvars", "name = \"x\"\n");
        _repo.Write("infra/environments/staging.tfvars", "name = \"x\"\n");
        _repo.Write("infra/environments/staging.backend.hcl", "bucket = \"b\"\n");
    }

    [Fact]
    public void Resolves_an_environment_and_its_backend()
    {
        var staging = EnvironmentCatalog.Resolve(_repo.Path, "staging");

        Assert.Equal(Path.Combine(_repo.Path, "infra", "environments", "staging.tfvars"), staging.VarFile);
        Assert.NotNull(staging.BackendConfigFile);
        Assert.False(staging.UsesEmulator);
        Assert.Equal(Path.Combine(_repo.Path, "artifacts", "staging"), staging.Artifacts.Directory);
    }

    [Fact]
    public void Local_uses_the_emulator_and_needs_no_backend_file()
    {
        var local = EnvironmentCatalog.Resolve(_repo.Path, "local");

        Assert.True(local.UsesEmulator);
        Assert.Null(local.BackendConfigFile);
    }

    [Fact]
    public void An_unknown_environment_is_one_line_listing_the_valid_ones()
    {
        var error = Assert.Throws<ActionableError>(() => EnvironmentCatalog.Resolve(_repo.Path, "nope"));

        Assert.Equal("unknown environment 'nope': there is no infra/environments/nope.tfvars; valid environments: local, staging", error.Message);
        Assert.Equal(2, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("Prod")]
    [InlineData("")]
    [InlineData("a b")]
    public void A_malformed_name_is_refused_before_any_file_is_read(string name)
    {
        var error = Assert.Throws<ActionableError>(() => EnvironmentCatalog.Resolve(_repo.Path, name));

        Assert.Contains("valid environments: local, staging", error.Message);
    }

    public void Dispose() => _repo.Dispose();
}

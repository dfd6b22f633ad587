using MlflowDeploy.Environments;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Environments;

/// <summary>
/// The environments this repository ships. In the local-environment collection, because other tests there
/// add a throwaway environment file to the real checkout for a moment.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class RepositoryEnvironmentsTests
{
    [Fact]
    public void The_repository_offers_two_emulated_environments_staging_and_production_and_only_those_two_share_state()
    {
        Assert.Equal(["local", "local-secure", "production", "staging"], EnvironmentCatalog.Names(Support.RepositoryRoot.Path));
        Assert.True(EnvironmentCatalog.Resolve(Support.RepositoryRoot.Path, "local-secure").UsesEmulator);
        Assert.Null(EnvironmentCatalog.Resolve(Support.RepositoryRoot.Path, "local-secure").BackendConfigFile);
        Assert.NotNull(EnvironmentCatalog.Resolve(Support.RepositoryRoot.Path, "production").BackendConfigFile);
        Assert.NotNull(EnvironmentCatalog.Resolve(Support.RepositoryRoot.Path, "staging").BackendConfigFile);
        Assert.Null(EnvironmentCatalog.Resolve(Support.RepositoryRoot.Path, "local").BackendConfigFile);
    }
}

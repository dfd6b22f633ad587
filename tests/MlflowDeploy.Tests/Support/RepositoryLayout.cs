using MlflowDeploy.Environments;

namespace MlflowDeploy.Tests.Support;

/// <summary>The checkout the tests run from, found the same way the pipeline finds it.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = MlflowDeploy.Environments.RepositoryRoot.Find(AppContext.BaseDirectory);
}

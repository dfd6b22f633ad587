namespace MlflowDeploy.Tests.Support;

/// <summary>The checkout the tests run from, found the same way the pipeline finds it.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = MlflowDeploy.Environments.RepositoryRoot.Find(AppContext.BaseDirectory);
}

namespace MlflowDeploy.Tests.Support;

/// <summary>The checkout's root: the first folder above the test binaries that holds MlflowDeploy.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlflowDeploy.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no MlflowDeploy.sln above {AppContext.BaseDirectory}");
    }
}

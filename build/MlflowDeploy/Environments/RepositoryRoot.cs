namespace MlflowDeploy.Environments;

/// <summary>Finds the checkout's top folder, the one that holds <c>MlflowDeploy.sln</c>.</summary>
public static class RepositoryRoot
{
    public static string Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlflowDeploy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new ActionableError(
            $"no mlflow-deploy checkout above {startDirectory} (looked for MlflowDeploy.sln) — run the build from the repository",
            exitCode: 2);
    }
}

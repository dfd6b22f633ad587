namespace MlflowDeploy.Terraform;

/// <summary>
/// Finds a filesystem provider mirror on a machine with no registry access, when TF_PLUGIN_MIRROR is not set
/// at all: a folder holding <c>registry.terraform.io</c> within three levels of the file system root.
/// Setting TF_PLUGIN_MIRROR (to a folder, or to nothing to use the registry) always wins.
/// </summary>
public static class PluginMirrorDiscovery
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "proc", "sys", "dev", "run", "tmp" };

    public static string? Find(string root = "/")
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return Search(new DirectoryInfo(root), depth: 1);
    }

    private static string? Search(DirectoryInfo folder, int depth)
    {
        IEnumerable<DirectoryInfo> children;
        try
        {
            children = folder.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return null;
        }

        foreach (var child in children)
        {
            if (child.Name == "registry.terraform.io")
            {
                return folder.FullName;
            }
        }

        if (depth >= 3)
        {
            return null;
        }

        foreach (var child in children)
        {
            if ((depth == 1 && Skipped.Contains(child.Name)) || child.LinkTarget is not null)
            {
                continue;
            }

            if (Search(child, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}

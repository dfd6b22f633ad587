namespace MlflowDeploy.Tests.Support;

/// <summary>
/// A private copy of what the build needs (scripts, the library's sources, infra/), for tests that add
/// environments or state of their own while other tests list or use the real checkout's environments.
/// It starts with the library published once for the whole test run (<see cref="PublishedLibrary"/>); its build.sh
/// publishes again only if a test changes the copy's sources. Other tests' <see cref="ThrowawayFiles"/> are left out.
/// </summary>
public sealed class RepositoryCopy : IDisposable
{
    private static readonly string[] Entries =
    [
        "MlflowDeploy.sln", "Directory.Build.props", "build.sh", ".config", System.IO.Path.Combine("build", "build.cake"),
        System.IO.Path.Combine("build", "MlflowDeploy"), "infra",
    ];

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "bin", "obj", ".terraform", ".publish", "tools" };

    private readonly TempDirectory _folder = new();

    public RepositoryCopy()
        : this(withPublishedLibrary: true)
    {
    }

    internal RepositoryCopy(bool withPublishedLibrary)
    {
        foreach (var entry in Entries)
        {
            var source = System.IO.Path.Combine(RepositoryRoot.Path, entry);
            var target = System.IO.Path.Combine(Path, entry);
            if (Directory.Exists(source))
            {
                CopyFolder(source, target, skip: folder => Skipped.Contains(System.IO.Path.GetFileName(folder)));
            }
            else
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(System.IO.Path.Combine(Path, "build.sh"), File.GetUnixFileMode(System.IO.Path.Combine(RepositoryRoot.Path, "build.sh")));
        }

        if (withPublishedLibrary)
        {
            PublishedLibrary.CopyInto(Path);
        }
    }

    public string Path => _folder.Path;

    public void Dispose() => _folder.Dispose();

    internal static void CopyFolder(string source, string target, Func<string, bool> skip)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source).Where(f => !ThrowawayFiles.Contains(f)))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(source).Where(d => !skip(d)))
        {
            CopyFolder(folder, System.IO.Path.Combine(target, System.IO.Path.GetFileName(folder)), skip);
        }
    }
}

namespace MlflowDeploy.Tests.Support;

/// <summary>
/// A private copy of what the build needs (scripts, the library's sources, infra/), for tests that add
/// environments or state of their own while other tests list or use the real checkout's environments.
/// Its build.sh publishes the library into the copy on first use. Other tests' <see cref="ThrowawayFiles"/> are left out.
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
    {
        foreach (var entry in Entries)
        {
            var source = System.IO.Path.Combine(RepositoryRoot.Path, entry);
            var target = System.IO.Path.Combine(Path, entry);
            if (Directory.Exists(source))
            {
                CopyFolder(source, target);
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
    }

    public string Path => _folder.Path;

    public void Dispose() => _folder.Dispose();

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source).Where(f => !ThrowawayFiles.Contains(f)))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(source).Where(d => !Skipped.Contains(System.IO.Path.GetFileName(d))))
        {
            CopyFolder(folder, System.IO.Path.Combine(target, System.IO.Path.GetFileName(folder)));
        }
    }
}

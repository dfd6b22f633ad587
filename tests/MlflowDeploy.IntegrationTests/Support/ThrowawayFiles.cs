using System.Collections.Concurrent;

namespace MlflowDeploy.Tests.Support;

/// <summary>
/// Files a test writes into the shared checkout for its own run (a throwaway environment's tfvars). They are not
/// part of the repository, so a <see cref="RepositoryCopy"/> taken meanwhile by another test leaves them out:
/// otherwise that test's Validate would check, and fail on, a file it never wrote.
/// </summary>
public static class ThrowawayFiles
{
    private static readonly ConcurrentDictionary<string, byte> Paths = new(StringComparer.Ordinal);

    /// <summary>Call before writing the file, so no copy can see it unregistered.</summary>
    public static void Add(string path) => Paths.TryAdd(System.IO.Path.GetFullPath(path), 0);

    /// <summary>Call after deleting the file.</summary>
    public static void Remove(string path) => Paths.TryRemove(System.IO.Path.GetFullPath(path), out _);

    public static bool Contains(string path) => Paths.ContainsKey(System.IO.Path.GetFullPath(path));
}

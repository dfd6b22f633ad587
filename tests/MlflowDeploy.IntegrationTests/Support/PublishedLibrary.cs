namespace MlflowDeploy.Tests.Support;

/// <summary>
/// The library as build.sh publishes it, made once per test run in a copy of its own and handed to every
/// <see cref="RepositoryCopy"/>: the published folder with its sources stamp, the tools stamp and Cake's compiled
/// script. A fresh copy would otherwise restore, compile and publish the library and compile the script again, about
/// 30 s of CPU each on a 2-core machine that a dozen copies share with terraform. build.sh still decides in each copy:
/// the stamp is its own fingerprint of the sources, so a copy whose sources a test changes publishes again.
/// </summary>
internal static class PublishedLibrary
{
    private static readonly string[] Outputs = [Path.Combine("build", ".publish"), Path.Combine("build", "tools"), Path.Combine("build", ".tools-restored")];

    private static readonly Lazy<string> Template = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies what build.sh produced in the template into <paramref name="root"/> (a copy of the same sources).</summary>
    public static void CopyInto(string root)
    {
        var template = Template.Value;
        foreach (var output in Outputs)
        {
            var source = Path.Combine(template, output);
            var target = Path.Combine(root, output);
            if (Directory.Exists(source))
                RepositoryCopy.CopyFolder(source, target, skip: _ => false);
            else if (File.Exists(source))
                File.Copy(source, target);
        }
    }

    private static string Publish()
    {
        var template = new RepositoryCopy(withPublishedLibrary: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.Dispose();
        // ImageTag reads files only, so this run publishes the library and compiles the script without touching AWS.
        // Run off the test's synchronisation context: xunit's own may have every thread waiting on this Lazy.
        var result = Task.Run(() => BuildScript.RunInAsync(template.Path, TimeSpan.FromMinutes(5), null, "--target=ImageTag", "--environment=local"))
            .GetAwaiter().GetResult();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"build.sh could not publish the library for the tests' repository copies (exit {result.ExitCode}):\n{result.All}");
        return template.Path;
    }
}

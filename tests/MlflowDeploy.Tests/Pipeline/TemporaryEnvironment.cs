using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// A throwaway <c>infra/environments/local-&lt;name&gt;.tfvars</c>: the local settings with some values changed.
/// Named local-*, it runs against the emulator with state and artifacts of its own.
/// </summary>
public sealed class TemporaryEnvironment : IDisposable
{
    public TemporaryEnvironment(string suffix, IReadOnlyDictionary<string, string> overrides)
    {
        Name = $"local-{suffix}";
        VarFile = Path.Combine(RepositoryRoot.Path, "infra", "environments", Name + ".tfvars");
        Write(overrides);
    }

    public string Name { get; }

    public string VarFile { get; }

    public string Artifacts => Path.Combine(RepositoryRoot.Path, "artifacts", Name);

    /// <summary>Rewrites the file: local.tfvars with each override's line replaced (or added).</summary>
    public void Write(IReadOnlyDictionary<string, string> overrides)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "infra", "environments", "local.tfvars"))
            .Where(line => !overrides.Keys.Any(key => line.TrimStart().StartsWith(key + " ", StringComparison.Ordinal) || line.TrimStart().StartsWith(key + "=", StringComparison.Ordinal)))
            .Concat(overrides.Select(o => $"{o.Key} = {o.Value}"));
        File.WriteAllLines(VarFile, lines);
    }

    public void Dispose()
    {
        File.Delete(VarFile);
        try
        {
            Directory.Delete(Artifacts, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

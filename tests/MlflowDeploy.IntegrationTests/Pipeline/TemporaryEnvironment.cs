using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// A throwaway <c>infra/environments/&lt;name&gt;.tfvars</c>: the local settings with some values changed, and
/// state and artifacts of its own. Named local-*, it runs against the pipeline's emulator; any other name
/// runs against whatever account the AWS environment variables name, as staging or production would.
/// </summary>
public sealed class TemporaryEnvironment : IDisposable
{
    public TemporaryEnvironment(string name, IReadOnlyDictionary<string, string> overrides, string? repository = null)
    {
        Name = name;
        Repository = repository ?? RepositoryRoot.Path;
        VarFile = Path.Combine(Repository, "infra", "environments", Name + ".tfvars");
        DeleteArtifacts();
        ThrowawayFiles.Add(VarFile);
        Write(overrides);
    }

    public string Name { get; }

    public string Repository { get; }

    public string VarFile { get; }

    public string Artifacts => Path.Combine(Repository, "artifacts", Name);

    /// <summary>Rewrites the file: local.tfvars with each override's line replaced (or added).</summary>
    public void Write(IReadOnlyDictionary<string, string> overrides)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository, "infra", "environments", "local.tfvars"))
            .Where(line => !overrides.Keys.Any(key => line.TrimStart().StartsWith(key + " ", StringComparison.Ordinal) || line.TrimStart().StartsWith(key + "=", StringComparison.Ordinal)))
            .Concat(overrides.Select(o => $"{o.Key} = {o.Value}"));
        File.WriteAllLines(VarFile, lines);
    }

    public void Dispose()
    {
        File.Delete(VarFile);
        ThrowawayFiles.Remove(VarFile);
        DeleteArtifacts();
    }

    private void DeleteArtifacts()
    {
        try
        {
            Directory.Delete(Artifacts, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

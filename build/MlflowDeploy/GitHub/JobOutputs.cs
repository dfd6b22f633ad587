namespace MlflowDeploy.GitHub;

/// <summary>Sets step outputs (GITHUB_OUTPUT) when Actions provides the file, so later steps and jobs read them.</summary>
public static class JobOutputs
{
    /// <summary>Returns false (and writes nothing) outside Actions.</summary>
    public static Task<bool> SetAsync(IReadOnlyDictionary<string, string> outputs, CancellationToken ct, Func<string, string?>? environment = null)
    {
        // name=value lines cannot carry a line break; nothing set here has one, and one would be a bug, not input.
        if (outputs.Any(o => o.Key.Contains('\n') || o.Value.Contains('\n') || o.Key.Contains('=')))
        {
            throw new ArgumentException("an output name or value holds a line break or a name holds '='", nameof(outputs));
        }

        return ActionsFile.AppendAsync("GITHUB_OUTPUT", string.Concat(outputs.Select(o => $"{o.Key}={o.Value}\n")), ct, environment);
    }
}

namespace MlflowDeploy.GitHub;

/// <summary>Appends Markdown to the job's step summary (GITHUB_STEP_SUMMARY) when Actions provides one.</summary>
public static class StepSummary
{
    /// <summary>Returns false (and writes nothing) outside Actions.</summary>
    public static async Task<bool> AppendAsync(string markdown, CancellationToken ct, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var path = environment("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }
        try
        {
            await File.AppendAllTextAsync(path, markdown.TrimEnd('\n') + "\n\n", ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ActionableError($"cannot append to GITHUB_STEP_SUMMARY ({path}): {e.Message} — unset it outside Actions", inner: e);
        }
        return true;
    }
}

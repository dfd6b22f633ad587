namespace MlflowDeploy.GitHub;

/// <summary>
/// A file GitHub Actions hands a step through an environment variable (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT): appended
/// to when Actions provides it, skipped outside Actions.
/// </summary>
internal static class ActionsFile
{
    /// <summary>Returns false (and writes nothing) when <paramref name="variable"/> is unset.</summary>
    public static async Task<bool> AppendAsync(string variable, string text, CancellationToken ct, Func<string, string?>? environment)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var path = environment(variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        try
        {
            await File.AppendAllTextAsync(path, text, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ActionableError($"cannot append to {variable} ({path}): {e.Message} — unset it outside Actions", inner: e);
        }

        return true;
    }
}

using System.Text.RegularExpressions;

namespace MlflowDeploy.GitHub;

/// <summary>Appends Markdown to the job's step summary (GITHUB_STEP_SUMMARY) when Actions provides one.</summary>
public static partial class StepSummary
{
    /// <summary>Returns false (and writes nothing) outside Actions. Hidden HTML-comment markers are dropped.</summary>
    public static async Task<bool> AppendAsync(string markdown, CancellationToken ct, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var path = environment("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }
        var text = MarkerLine().Replace(markdown, "");
        try
        {
            await File.AppendAllTextAsync(path, text.TrimEnd('\n') + "\n\n", ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ActionableError($"cannot append to GITHUB_STEP_SUMMARY ({path}): {e.Message} — unset it outside Actions", inner: e);
        }
        return true;
    }

    [GeneratedRegex(@"^<!--[^\n]*?-->[ \t]*\n?", RegexOptions.Multiline)]
    private static partial Regex MarkerLine();
}

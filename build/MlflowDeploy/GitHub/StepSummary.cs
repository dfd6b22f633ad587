namespace MlflowDeploy.GitHub;

/// <summary>Appends Markdown to the job's step summary (GITHUB_STEP_SUMMARY) when Actions provides one.</summary>
public static class StepSummary
{
    /// <summary>Returns false (and writes nothing) outside Actions.</summary>
    public static Task<bool> AppendAsync(string markdown, CancellationToken ct, Func<string, string?>? environment = null) =>
        ActionsFile.AppendAsync("GITHUB_STEP_SUMMARY", markdown.TrimEnd('\n') + "\n\n", ct, environment);
}

namespace MlflowDeploy.Terraform;

/// <summary>
/// Turns a failed terraform run into one line that names the command and its first error, so the task
/// boundary can print it without a stack trace.
/// </summary>
public static class TerraformFailure
{
    public static ActionableError From(TerraformCommand command, TerraformResult result, TerraformDiagnostic? firstError = null)
    {
        firstError ??= TerraformDiagnostic.FirstErrorInText(result.Stderr) ?? TerraformDiagnostic.FirstErrorInText(result.Stdout);
        var text = firstError?.OneLine() ?? LastLine(result.Stderr) ?? "terraform printed no error text";
        if (text.Contains("Saved plan is stale", StringComparison.OrdinalIgnoreCase))
        {
            return new ActionableError(
                "terraform apply refused the saved plan: it is stale (the state changed after it was made) — run Plan again and apply the new plan");
        }

        return new ActionableError($"terraform {command.Verb} failed (exit {result.ExitCode}): {text}");
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}

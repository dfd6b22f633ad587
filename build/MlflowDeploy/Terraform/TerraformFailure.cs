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
        var text = (firstError is { Summary: ProvisionerError } provisioner ? ProvisionerLine(provisioner) : firstError?.OneLine())
            ?? LastLine(result.Stderr) ?? "terraform printed no error text";
        if (text.Contains("Saved plan is stale", StringComparison.OrdinalIgnoreCase))
        {
            return new ActionableError(
                "terraform apply refused the saved plan: it is stale (the state changed after it was made) — run Plan again and apply the new plan");
        }

        return new ActionableError($"terraform {command.Verb} failed (exit {result.ExitCode}): {text}");
    }

    private const string ProvisionerError = "local-exec provisioner error";

    /// <summary>
    /// A failed provisioner's detail is "Error running command '…': exit status N. Output: …" with the command's whole
    /// output; the command's own last line (the init hook ends with its one-line failure) is what says why.
    /// </summary>
    private static string ProvisionerLine(TerraformDiagnostic diagnostic)
    {
        var where = diagnostic.File is null ? string.Empty : diagnostic.Line is null ? $"{diagnostic.File}: " : $"{diagnostic.File}:{diagnostic.Line}: ";
        var last = LastLine(diagnostic.Detail);
        return last is null ? $"{where}{diagnostic.Summary}" : $"{where}{diagnostic.Summary}: {last}";
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}

using Spectre.Console;

namespace MlflowDeploy.Verification;

/// <summary>
/// What Verify found: every check's result, the environment and the timing. Every rendering passes through
/// the redactor, so secrets given to the runner never reach a console, a file or an issue.
/// </summary>
public sealed class VerificationReport
{
    public VerificationReport(
        string environment,
        DateTimeOffset startedAt,
        TimeSpan duration,
        IReadOnlyList<CheckResult> checks,
        bool couldNotRun,
        SecretRedactor redactor)
    {
        Environment = environment;
        StartedAt = startedAt;
        Duration = duration;
        Checks = checks;
        Redactor = redactor;
        Outcome = couldNotRun ? VerificationOutcome.CouldNotRun
            : checks.Any(c => c.Status == CheckStatus.Fail) ? VerificationOutcome.Unhealthy
            : VerificationOutcome.Healthy;
    }

    public string Environment { get; }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan Duration { get; }

    public IReadOnlyList<CheckResult> Checks { get; }

    public VerificationOutcome Outcome { get; }

    /// <summary>0 healthy, 1 unhealthy, 2 could not run.</summary>
    public int ExitCode => (int)Outcome;

    internal SecretRedactor Redactor { get; }

    /// <summary><c>healthy</c>, <c>unhealthy</c> or <c>could-not-run</c>, as in verify.json.</summary>
    public string OutcomeText => Outcome.Key();

    /// <summary>verify.json; its shape is <c>verify.schema.json</c> beside this file.</summary>
    public string ToJson() => VerificationReportJson.Render(this);

    /// <summary>verify.md: a table of checks and a Diagnosis section for each failing check.</summary>
    public string ToMarkdown() => VerificationReportMarkdown.Render(this);

    /// <summary>Writes the table and the diagnosis to a console (the caller's, or a test's).</summary>
    public void Render(IAnsiConsole console) => VerificationReportConsole.Render(this, console);

    /// <summary>Writes verify.json and verify.md where the environment's artifacts go.</summary>
    public async Task<VerificationReportFiles> WriteAsync(Environments.ArtifactLayout artifacts, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(artifacts.Directory);
        await File.WriteAllTextAsync(artifacts.VerifyJson, ToJson(), cancellationToken);
        await File.WriteAllTextAsync(artifacts.VerifyMarkdown, ToMarkdown(), cancellationToken);
        return new VerificationReportFiles(artifacts.VerifyJson, artifacts.VerifyMarkdown);
    }
}

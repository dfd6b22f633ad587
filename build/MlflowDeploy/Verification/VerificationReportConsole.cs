using Spectre.Console;

namespace MlflowDeploy.Verification;

/// <summary>Renders the report as a Spectre.Console table followed by the diagnosis of failing checks.</summary>
internal static class VerificationReportConsole
{
    public static void Render(VerificationReport report, IAnsiConsole console)
    {
        Func<string, string> redact = report.Redactor.Redact;
        var table = new Table()
            .Title($"MLflow verification: {Markup.Escape(redact(report.Environment))}")
            .AddColumn("Check")
            .AddColumn("Status")
            .AddColumn("Detail")
            .AddColumn(new TableColumn("Duration").RightAligned());
        foreach (var check in report.Checks)
        {
            table.AddRow(
                Markup.Escape(redact(check.Name)),
                Status(check.Status),
                Markup.Escape(redact(check.Detail)),
                DurationText.Human(check.Duration));
        }

        console.Write(table);
        foreach (var check in report.Checks.Where(c => c.Diagnosis.Count > 0))
        {
            console.MarkupLine($"[bold]{Markup.Escape(redact(check.Name))}[/] diagnosis:");
            foreach (var line in check.Diagnosis)
            {
                console.MarkupLine("  " + Markup.Escape(redact(line)));
            }
        }

        var verdict = report.Outcome switch
        {
            VerificationOutcome.Healthy => "[green]healthy[/]",
            VerificationOutcome.Unhealthy => "[red]unhealthy[/]",
            _ => "[yellow]could not run[/]",
        };
        console.MarkupLine($"Verify: {verdict} after {DurationText.Human(report.Duration)} (exit code {report.ExitCode})");
    }

    private static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "[green]",
        CheckStatus.Warn => "[yellow]",
        CheckStatus.Fail => "[red]",
        _ => "[grey]",
    } + CheckStatusText.Of(status) + "[/]";
}

using System.Globalization;
using Spectre.Console;

namespace MlflowDeploy.Migration;

/// <summary>Renders a migration report: what moved, each issue in one line (the first few), and the closing check.</summary>
public static class MigrationReportConsole
{
    public const int IssuesShown = 25;

    public static void Render(MigrationReport report, IAnsiConsole console)
    {
        var would = report.DryRun ? "would be " : string.Empty;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.Title = new TableTitle(Markup.Escape($"{(report.DryRun ? "Dry run" : "Migration")}: {report.Source} → {report.Target}"));
        table.HideHeaders();
        void Row(string what, string value) => table.AddRow(Markup.Escape(what), Markup.Escape(value));
        Row("experiments", $"{report.ExperimentsCreated} {would}created, {report.ExperimentsMerged} merged, {report.ExperimentsSkipped} skipped ({report.SourceExperimentsDeleted} deleted on the source, not copied)");
        Row("runs", $"{report.SourceRuns:N0} active on the source ({report.SourceRunsDeleted:N0} deleted, not copied)");
        Row("  copied", $"{report.RunsCopied:N0} new, {report.RunsResumed:N0} resumed, {report.RunsUnchanged:N0} unchanged, {report.RunsSkipped:N0} skipped, {report.RunsFailed:N0} failed");
        Row("metric points", $"{report.MetricPoints:N0} {would}logged");
        Row("params / tags", $"{report.Params:N0} / {report.Tags:N0} {would}set");
        Row("artifacts", $"{report.ArtifactFiles:N0} files, {MigrationProgressBars.Bytes(report.ArtifactBytes)} {would}uploaded");
        Row("requests", $"{report.SourceRequests:N0} to the source, {report.TargetRequests:N0} to the target");
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 0.001);
        Row("time", string.Create(CultureInfo.InvariantCulture, $"{report.Elapsed.TotalSeconds:0.0} s ({(report.RunsCopied + report.RunsResumed) / seconds:0.0} runs/s, {report.MetricPoints / seconds:N0} points/s)"));
        console.Write(table);

        foreach (var issue in report.Issues.Take(IssuesShown))
        {
            console.MarkupLineInterpolated($"[yellow]![/] {issue.Line}");
        }

        if (report.Issues.Count > IssuesShown)
        {
            console.MarkupLineInterpolated($"[yellow]![/] … and {report.Issues.Count - IssuesShown} more issues of the same kinds");
        }

        if (report.Check is { } check)
        {
            var line = $"check: {check.RunsCompared:N0} runs compared on both sides (params, latest metrics, copy marks); {check.HistoriesCompared:N0} runs' histories compared point by point";
            if (check.Passed)
            {
                console.MarkupLineInterpolated($"[green]✔[/] {line}");
            }
            else
            {
                console.MarkupLineInterpolated($"[red]✖[/] {line}: {check.Mismatches.Count} differences");
            }

            foreach (var mismatch in check.Mismatches.Take(IssuesShown))
            {
                console.MarkupLineInterpolated($"  [red]-[/] {mismatch}");
            }
        }

        console.MarkupLine(report.IsComplete
            ? (report.DryRun ? "[green]✔[/] dry run: nothing was written" : "[green]✔[/] every selected run is on the target and matches its source")
            : "[red]✖[/] the migration is incomplete (see the lines above); run Migrate again once they are dealt with: it resumes");
    }
}

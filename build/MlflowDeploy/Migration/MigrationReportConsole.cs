using System.Globalization;
using Spectre.Console;

namespace MlflowDeploy.Migration;

/// <summary>
/// Renders a migration report: what moved, each issue in one line (the first few), and the closing check. Issue
/// lines go to the console's writer as they are, not through Spectre's layout, which would wrap them at the
/// console's width: one issue stays one line a log search can find.
/// </summary>
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
        Row("experiments", $"{report.ExperimentsCreated} {would}created, {report.ExperimentsMerged} merged, {report.ExperimentsSkipped} skipped");
        Row("on the source", $"{report.SourceRuns:N0} active runs; deleted, not copied: {report.SourceExperimentsDeleted:N0} experiments, {report.SourceRunsDeleted:N0} runs");
        Row("runs", $"{report.RunsCopied:N0} new, {report.RunsResumed:N0} resumed or rechecked, {report.RunsUnchanged:N0} unchanged, {report.RunsSkipped:N0} skipped, {report.RunsFailed:N0} failed");
        Row("metric points", $"{report.MetricPoints:N0} {would}logged");
        Row("params / tags", $"{report.Params:N0} / {report.Tags:N0} {would}set");
        Row("artifacts", $"{report.ArtifactFiles:N0} files, {MigrationProgressBars.Bytes(report.ArtifactBytes)} {would}uploaded");
        Row("requests", $"{report.SourceRequests:N0} to the source, {report.TargetRequests:N0} to the target");
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 0.001);
        Row("time", string.Create(CultureInfo.InvariantCulture, $"{report.Elapsed.TotalSeconds:0.0} s ({(report.RunsCopied + report.RunsResumed) / seconds:0.0} runs/s, {report.MetricPoints / seconds:N0} points/s)"));
        console.Write(table);
        var writer = console.Profile.Out.Writer;

        foreach (var issue in report.Issues.Take(IssuesShown))
        {
            writer.WriteLine($"! {issue.Line}");
        }

        if (report.Issues.Count > IssuesShown)
        {
            writer.WriteLine($"! … and {report.Issues.Count - IssuesShown} more issues of the same kinds");
        }

        if (report.Check is { } check)
        {
            var line = $"check: {check.RunsCompared:N0} runs compared on both sides (params, latest metrics, copy marks); {check.HistoriesCompared:N0} runs' histories compared point by point";
            writer.WriteLine(check.Passed ? $"✔ {line}" : $"✖ {line}: {check.Mismatches.Count} differences");

            foreach (var mismatch in check.Mismatches.Take(IssuesShown))
            {
                writer.WriteLine($"  - {mismatch}");
            }
        }

        writer.WriteLine(report.IsComplete
            ? (report.DryRun ? "✔ dry run: nothing was written" : "✔ every selected run is on the target and matches its source")
            : "✖ the migration is incomplete (see the lines above); run Migrate again once they are dealt with: it resumes");
    }
}

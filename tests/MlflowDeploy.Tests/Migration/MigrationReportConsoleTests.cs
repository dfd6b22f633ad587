using MlflowDeploy.Migration;
using Spectre.Console;

namespace MlflowDeploy.Tests.Migration;

public sealed class MigrationReportConsoleTests
{
    private static string Render(MigrationReport report)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        MigrationReportConsole.Render(report, console);
        return writer.ToString();
    }

    private static MigrationReport Report(params MigrationIssue[] issues) => new()
    {
        Source = new Uri("http://old:5000/"),
        Target = new Uri("https://mlflow.example.com/"),
        ExperimentsCreated = 2,
        SourceRuns = 2000,
        RunsCopied = 1990,
        RunsUnchanged = 10,
        MetricPoints = 50_000,
        ArtifactFiles = 3,
        ArtifactBytes = 3 * 1024 * 1024,
        Issues = issues,
        Check = new MigrationCheckResult { RunsCompared = 2000, HistoriesCompared = 1990 },
        Elapsed = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void A_complete_migration_shows_what_moved_its_rate_and_the_passed_check()
    {
        var text = Render(Report());

        Assert.Contains("Migration: http://old:5000/ → https://mlflow.example.com/", text);
        Assert.Contains("1,990 new, 0 resumed or rechecked, 10 unchanged, 0 skipped, 0 failed", text);
        Assert.Contains("50,000 logged", text);
        Assert.Contains("3 files, 3 MiB uploaded", text);
        Assert.Contains("199.0 runs/s, 5,000 points/s", text);
        Assert.Contains("✔ check: 2,000 runs compared on both sides (params, latest metrics, copy marks); 1,990 runs' histories compared point by point", text);
        Assert.Contains("✔ every selected run is on the target and matches its source", text);
    }

    [Fact]
    public void Issues_are_one_line_each_and_the_list_is_capped()
    {
        var issues = Enumerable.Range(0, 30).Select(i => new MigrationIssue(MigrationIssueKind.ParamDiffers, $"run {i}: param 'lr' differs")).ToArray();

        var text = Render(Report(issues));

        Assert.Contains("! run 0: param 'lr' differs", text);
        Assert.Contains("! run 24: param 'lr' differs", text);
        Assert.DoesNotContain("run 25:", text);
        Assert.Contains("… and 5 more issues of the same kinds", text);
        Assert.Contains("✖ the migration is incomplete", text);
        Assert.Equal(1, Report(issues).ExitCode);
    }
}

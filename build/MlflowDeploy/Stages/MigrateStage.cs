using MlflowDeploy.Migration;
using Spectre.Console;

namespace MlflowDeploy.Stages;

/// <summary>
/// Migrate: copies experiments and runs from another MLflow 2.x server (<c>--from</c>) to this environment's MLflow
/// (or <c>--to</c>), with progress bars and a report; <c>--dry-run</c> counts what would move. An incomplete
/// migration ends the run with exit 1 and one line; running it again resumes.
/// </summary>
public static class MigrateStage
{
    /// <summary>The task's arguments as Cake hands them over, unparsed.</summary>
    public sealed record Arguments(
        string? From,
        string? To,
        bool DryRun = false,
        string? Concurrency = null,
        string? Experiments = null,
        bool Recheck = false,
        string? RequestTimeout = null);

    public static async Task<MigrationReport> RunAsync(PipelineContext context, Arguments arguments, CancellationToken cancellationToken)
    {
        MigrationArguments.SourceUrl(arguments.From);
        var deployed = string.IsNullOrWhiteSpace(arguments.To) ? await DeployedMlflowAsync(context, cancellationToken).ConfigureAwait(false) : null;
        var options = MigrationArguments.Parse(
            arguments.From,
            arguments.To,
            arguments.DryRun,
            arguments.Concurrency,
            arguments.Experiments is { Length: > 0 } names ? [names] : [],
            arguments.Recheck,
            arguments.RequestTimeout,
            deployedTarget: deployed);
        context.Log(
            $"migrating {options.Source.BaseUrl} ({options.Source.Credentials.Describe()}) → {options.Target.BaseUrl} ({options.Target.Credentials.Describe()}), "
            + $"{options.Concurrency} runs at once{(options.DryRun ? ", dry run: nothing is written" : string.Empty)}");

        var report = await MigrationProgressBars.RunAsync(AnsiConsole.Console, options, cancellationToken).ConfigureAwait(false);
        MigrationReportConsole.Render(report, AnsiConsole.Console);
        if (report.ExitCode != 0)
        {
            throw new ActionableError(
                $"Migrate is incomplete: {report.Issues.Count} issues, {report.RunsFailed} runs not completed, {report.Check?.Mismatches.Count ?? 0} differences (see the lines above); run it again once they are dealt with: it resumes",
                report.ExitCode);
        }

        return report;
    }

    private static async Task<Uri> DeployedMlflowAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        if (context.Environment.UsesEmulator)
        {
            throw new ActionableError(
                $"the emulated environment '{context.Environment.Name}' serves no MLflow at its load balancer's name: pass --to=<url> of the server to copy to", exitCode: 2);
        }

        var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
        return Uri.TryCreate(outputs.MlflowUrl, UriKind.Absolute, out var url)
            ? url
            : throw new ActionableError($"the Terraform output mlflow_url '{outputs.MlflowUrl}' is not an absolute URL: pass --to=<url>, or check infra/outputs.tf and re-run apply", exitCode: 2);
    }
}

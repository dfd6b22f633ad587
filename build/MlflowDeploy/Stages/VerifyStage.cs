using MlflowDeploy.Backup;
using MlflowDeploy.Iam;
using MlflowDeploy.GitHub;
using MlflowDeploy.Verification;
using Spectre.Console;

namespace MlflowDeploy.Stages;

/// <summary>
/// Verifies what Terraform deployed: every check concurrently under one deadline, a console table, verify.json and
/// verify.md. An unhealthy deployment ends the run with exit 1, one that could not be checked (no access, nothing
/// deployed) with exit 2.
/// </summary>
[RunsAs(PipelineRole.Plan)]
public static class VerifyStage
{
    public static async Task<VerificationReport> RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var parameters = context.Parameters;
        var outputs = await context.OutputsAsync(cancellationToken).ConfigureAwait(false);
        context.Log($"verifying {outputs.ServiceName} in {outputs.ClusterName} ({outputs.Region}), deadline {DurationText.Human(parameters.VerifyTimeout)}");
        using var aws = await context.AwsAsync(outputs.Region, cancellationToken).ConfigureAwait(false);
        var restore = await RestoreRecord.ReadAsync(context.Artifacts.RestoreRecord, cancellationToken).ConfigureAwait(false);
        if (restore is not null)
        {
            context.Log($"after Restore from {restore.Snapshot} ({context.Relative(context.Artifacts.RestoreRecord)}): the restored data is checked too");
        }

        var report = await DeploymentVerification.RunAsync(
            outputs,
            new DeploymentVerificationOptions
            {
                Runner = new VerificationOptions
                {
                    Environment = context.Environment.Name,
                    Timeout = parameters.VerifyTimeout,
                    Progress = new Progress<VerificationProgress>(progress => context.Log(progress.ToString())),
                },
                SmokeWrite = parameters.SmokeWrite || context.Rehearsal.SmokeWrite,
                MlflowUrl = parameters.MlflowUrl is { } url ? new Uri(url) : null,
                MlflowAvailability = context.Environment.UsesEmulator ? MlflowAvailability.NotServedByEmulator : MlflowAvailability.AtDeployedUrl,
                Restore = restore,
            },
            aws,
            context.Log,
            cancellationToken).ConfigureAwait(false);

        report.Render(AnsiConsole.Console);
        var files = await report.WriteAsync(context.Artifacts, cancellationToken).ConfigureAwait(false);
        context.Log($"written: {context.Relative(files.JsonPath)}, {context.Relative(files.MarkdownPath)}");
        if (await StepSummary.AppendAsync(report.ToMarkdown(), cancellationToken).ConfigureAwait(false))
        {
            context.Log("verification report appended to the GitHub step summary");
        }

        if (report.ExitCode != 0)
        {
            var failed = report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Name).ToList();
            throw new ActionableError(
                $"verification {report.OutcomeText}: {failed.Count} of {report.Checks.Count} checks failed ({string.Join(", ", failed)}) — see the diagnosis in {context.Relative(files.MarkdownPath)}",
                report.ExitCode);
        }

        return report;
    }
}

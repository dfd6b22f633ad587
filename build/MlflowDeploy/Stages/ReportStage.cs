using MlflowDeploy.GitHub;
using MlflowDeploy.Review;

namespace MlflowDeploy.Stages;

/// <summary>
/// The nightly report: opens, updates or closes the mlflow-health and infra-drift issues from what Verify and Plan
/// wrote. It reads files only — no terraform, no emulator — and succeeds whatever their findings; the workflow
/// decides whether the night failed.
/// </summary>
public static class ReportStage
{
    public static async Task RunAsync(PipelineContext context, CancellationToken cancellationToken)
    {
        var findings = await IncidentFindings.ReadAsync(context.Artifacts, context.Environment.Name, WorkflowRunLink.FromEnvironment().RunUrl, cancellationToken)
            .ConfigureAwait(false);
        foreach (var finding in findings)
        {
            var outcome = await IncidentIssue.ReportAsync(finding, cancellationToken).ConfigureAwait(false);
            context.Log(outcome.Action == IncidentAction.Skipped ? "WARNING: " + outcome.Message : outcome.Message);
        }
    }
}

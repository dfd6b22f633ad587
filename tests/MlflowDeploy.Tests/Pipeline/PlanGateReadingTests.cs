using System.Text.Json;
using MlflowDeploy.Review;
using MlflowDeploy.Stages;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>Apply takes what this run's Plan read only for a plan of the very same bytes; any other plan is read again.</summary>
public sealed class PlanGateReadingTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public PlanGateReadingTests() => _repo.Write("infra/environments/local.tfvars", "name = \"x\"\n");

    [Fact]
    public async Task A_reading_is_given_back_for_the_same_sha256_only()
    {
        await using var context = new PipelineContext(
            PipelineParameters.Parse(_repo.Path, "Rehearse", "local", null, null, null, false, false, null, null), RehearsalPolicy.Rehearsal, _ => { });
        var summary = new PlanSummary { ToAdd = 1, ToChange = 0, ToDestroy = 0, ToReplace = 0, Reads = 0, NoOps = 0, Resources = [], ChangedOutputs = [], Drift = [] };
        var values = new Dictionary<string, JsonElement> { ["desired_count"] = JsonSerializer.SerializeToElement(3) };

        Assert.Null(context.PlanGateReadingOf("ab12"));
        context.RememberPlanGateReading(new PlanGateReading("AB12", summary, values));

        var reading = context.PlanGateReadingOf("ab12");
        Assert.NotNull(reading);
        Assert.Same(summary, reading.Summary);
        Assert.Equal(3, reading.OverrideValues["desired_count"].GetInt32());
        Assert.Null(context.PlanGateReadingOf("ab13"));

        // A later plan of the run replaces the earlier one's reading.
        context.RememberPlanGateReading(new PlanGateReading("cd34", summary, values));
        Assert.Null(context.PlanGateReadingOf("ab12"));
        Assert.NotNull(context.PlanGateReadingOf("CD34"));
    }

    public void Dispose() => _repo.Dispose();
}

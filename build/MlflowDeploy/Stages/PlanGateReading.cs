using System.Text.Json;
using MlflowDeploy.Review;

namespace MlflowDeploy.Stages;

/// <summary>
/// What Apply's gate needs from a saved plan's JSON: its summary (for <see cref="DataLossGate"/>) and the values of the
/// variables it was planned with on top of the tfvars (for the plan after apply), tied to the sha256 of the plan's bytes.
/// The values may be secrets: they stay in memory and go to terraform as a private var file only.
/// </summary>
public sealed record PlanGateReading(string PlanSha256, PlanSummary Summary, IReadOnlyDictionary<string, JsonElement> OverrideValues)
{
    public static async Task<PlanGateReading> ReadAsync(string planSha256, string planJsonPath, IReadOnlyCollection<string> overrideNames, CancellationToken cancellationToken) =>
        new(
            planSha256,
            await PlanSummaryReader.ReadAsync(planJsonPath, cancellationToken).ConfigureAwait(false),
            await PlanVariableValues.ReadAsync(planJsonPath, overrideNames, cancellationToken).ConfigureAwait(false));
}

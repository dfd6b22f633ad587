using MlflowDeploy.Aws;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Verification;

/// <summary>
/// <c>alarms</c>: every CloudWatch alarm the stack declares (the <c>alarm_names</c> output) exists, and none is in
/// ALARM. INSUFFICIENT_DATA passes: a new or idle stack has no datapoints yet, and the alarms treat missing data
/// as not breaching where no data is normal. Decided on one look: an alarm's state moves over minutes, not within
/// Verify's deadline.
/// </summary>
public sealed class AlarmsCheck(CloudWatchClient cloudWatch, DeploymentOutputs outputs) : IVerificationCheck
{
    public const string CheckName = "alarms";

    // Enough to name the alarms without flooding the console table; the rest are counted.
    private const int NamedInDetail = 3;

    public string Name => CheckName;

    public async Task<Probe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (outputs.AlarmNamePrefix is not { Length: > 0 } prefix || outputs.AlarmNames.Count == 0)
        {
            return Probe.Fail("the stack declares no alarms (no alarm_names/alarm_name_prefix outputs): it predates infra/alarms.tf — run Plan and Apply");
        }

        AlarmListing listing;
        try
        {
            listing = await cloudWatch.DescribeAlarmsAsync(prefix, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            return AwsCheckFailure.From(e);
        }

        var found = listing.Alarms.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var missing = outputs.AlarmNames.Where(n => !found.ContainsKey(n)).ToList();
        if (missing.Count > 0 && !listing.Truncated)
        {
            return Probe.Fail(
                $"{missing.Count} of {outputs.AlarmNames.Count} alarms missing ({Names(missing)}): they were deleted outside Terraform — run Plan and Apply to recreate them");
        }

        var firing = outputs.AlarmNames.Where(found.ContainsKey).Select(n => found[n]).Where(a => a.IsInAlarm).ToList();
        if (firing.Count > 0)
        {
            return Probe.Fail(
                $"{firing.Count} of {outputs.AlarmNames.Count} alarms in ALARM ({Names(firing.Select(a => a.Name).ToList())})",
                [.. firing.Select(a => $"{a.Name}: {a.StateReason ?? "no reason given"} (since {a.StateUpdatedAt?.ToString("u") ?? "unknown"}) — see README.md, Alarms")]);
        }

        if (missing.Count > 0)
        {
            return Probe.Warn(
                $"{missing.Count} of {outputs.AlarmNames.Count} alarms not found within the first {listing.Alarms.Count} alarms named {prefix}*; none of those found is in ALARM");
        }

        var waiting = outputs.AlarmNames.Count(n => found[n].State == "INSUFFICIENT_DATA");
        return Probe.Pass(waiting == 0
            ? $"{outputs.AlarmNames.Count} alarms, none in ALARM"
            : $"{outputs.AlarmNames.Count} alarms, none in ALARM ({waiting} without data yet)");
    }

    private static string Names(IReadOnlyList<string> names) =>
        names.Count <= NamedInDetail
            ? string.Join(", ", names)
            : $"{string.Join(", ", names.Take(NamedInDetail))} and {names.Count - NamedInDetail} more";
}

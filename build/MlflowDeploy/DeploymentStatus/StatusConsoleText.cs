using System.Globalization;
using System.Text;
using MlflowDeploy.Aws;

namespace MlflowDeploy.DeploymentStatus;

/// <summary>
/// Status as one screen: a heading with the URL, then one line per part, each marked ✓ (as it should be),
/// ⚠ (needs a look), ✗ (down or failing) or · (nothing to judge).
/// </summary>
public static class StatusConsoleText
{
    public static string Render(StatusReport report)
    {
        var text = new StringBuilder();
        text.Append($"{report.Stack} · {report.Environment} ({report.Region}) — {report.Url}\n");
        Line(text, "service", report.Service, Service);
        Line(text, "targets", report.Targets, Targets);
        Line(text, "database", report.Database, Database);
        Line(text, "mlflow", report.Mlflow, Mlflow);
        Line(text, "deploy", report.LastDeploy, d => Deploy(d, report.ReadAt), missingMark: '·');
        Line(text, "alarms", report.Alarms, Alarms);
        return text.ToString();
    }

    private static void Line<T>(StringBuilder text, string label, StatusPart<T> part, Func<T, (char Mark, string Text)> render, char missingMark = '✗') where T : class
    {
        var (mark, line) = part.Value is { } value ? render(value) : (missingMark, $"not available: {part.Unavailable}");
        text.Append($"  {mark} {label,-9}{line}\n");
    }

    private static (char, string) Service(ServiceState s)
    {
        var rollout = s.RolloutState is null ? "" : $" · rollout {s.RolloutState}{(s.RolloutReason is { Length: > 0 } r && s.RolloutState != "COMPLETED" ? $" ({r})" : "")}";
        var deployments = s.Deployments > 1 ? $" · {s.Deployments} deployments" : "";
        var definition = s.TaskDefinition is { } td ? $" · {td[(td.LastIndexOf('/') + 1)..]}" : "";
        var mark = s.RolloutState == "FAILED" || (s.Desired > 0 && s.Running == 0) ? '✗'
            : s.Running == s.Desired && s.Pending == 0 && s.RolloutState is null or "COMPLETED" ? '✓'
            : '⚠';
        return (mark, $"{s.Name}: {s.Desired} desired · {s.Running} running · {s.Pending} pending{rollout}{deployments}{definition}");
    }

    private static (char, string) Targets(TargetsState t)
    {
        var mark = t.Total > 0 && t.Healthy == t.Total ? '✓' : t.Healthy == 0 ? '✗' : '⚠';
        var others = t.NotHealthy.Count > 0 ? $" — {string.Join(", ", t.NotHealthy.Take(3))}{(t.NotHealthy.Count > 3 ? $" and {t.NotHealthy.Count - 3} more" : "")}" : "";
        return (mark, $"{t.Healthy} of {t.Total} healthy{others}");
    }

    private static (char, string) Database(DatabaseState d)
    {
        var storage = (d.AllocatedGiB, d.UsedGiB) switch
        {
            ({ } allocated, { } used) => string.Create(CultureInfo.InvariantCulture, $"storage {used:0.0} of {allocated} GiB used ({used / allocated:0%})"),
            ({ } allocated, null) => $"storage {allocated} GiB allocated, used unknown (no FreeStorageSpace datapoint in the last hour)",
            _ => "storage unknown",
        };
        var full = d.UsedGiB is { } u && d.AllocatedGiB is { } a && u / a >= 0.9;
        var mark = d.Status != "available" ? '⚠' : full ? '⚠' : '✓';
        return (mark, $"{d.Identifier}: {d.Status}{(d.InstanceClass is { } c ? $" ({c})" : "")} · {storage}");
    }

    private static (char, string) Mlflow(MlflowState m)
    {
        if (m.Version is not { } version)
        {
            return (m.Asked ? '✗' : '·', $"unreachable at {m.Url}: {m.Unreachable}");
        }

        return version == m.ExpectedVersion
            ? ('✓', $"{version} at {m.Url}")
            : ('⚠', $"{version} at {m.Url}, but the stack deploys {m.ExpectedVersion}");
    }

    private static (char, string) Deploy(DeployRecord d, DateTimeOffset now)
    {
        var ago = now - d.AppliedAt;
        var overrides = d.Overrides.Count > 0 ? $" · overrides: {string.Join(", ", d.Overrides)}" : "";
        return ('·', $"commit {DeployRecord.Short(d.Commit)} · applied {d.AppliedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC "
            + $"({(ago < TimeSpan.Zero ? "just now" : DurationText.Human(ago) + " ago")}) · plan sha256 {DeployRecord.Short(d.PlanSha256)}{overrides}");
    }

    private static (char, string) Alarms(AlarmsState a)
    {
        if (a.Defined == 0)
        {
            return ('·', $"none defined (no alarm named {a.Prefix}*)");
        }

        if (a.InAlarm.Count == 0)
        {
            return ('✓', $"{a.Defined} defined, none in ALARM");
        }

        return ('✗', $"{a.InAlarm.Count} of {a.Defined} in ALARM: {string.Join("; ", a.InAlarm.Take(5).Select(Alarm))}");
    }

    private static string Alarm(MetricAlarm alarm) => alarm.StateReason is { Length: > 0 } reason ? $"{alarm.Name} ({reason})" : alarm.Name;
}

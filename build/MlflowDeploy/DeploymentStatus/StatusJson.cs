using System.Text.Json;

namespace MlflowDeploy.DeploymentStatus;

/// <summary>
/// status.json (Status <c>--json</c>): the screen's content as a document. Each part is an object of its facts, or
/// <c>{"unavailable": "&lt;reason&gt;"}</c>; times are ISO 8601 UTC, sizes GiB and bytes as numbers.
/// </summary>
public static class StatusJson
{
    /// <summary>The field that stands in for a part that could not be read.</summary>
    public const string UnavailableField = "unavailable";

    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static async Task WriteAsync(string path, StatusReport report, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file, Options);
        Write(json, report);
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static void Write(Utf8JsonWriter json, StatusReport report)
    {
        json.WriteStartObject();
        json.WriteString("environment", report.Environment);
        json.WriteString("stack", report.Stack);
        json.WriteString("region", report.Region);
        json.WriteString("url", report.Url);
        json.WriteString("read_at", report.ReadAt.UtcDateTime);
        Part(json, "service", report.Service, s =>
        {
            json.WriteString("name", s.Name);
            json.WriteString("status", s.Status);
            json.WriteNumber("desired", s.Desired);
            json.WriteNumber("running", s.Running);
            json.WriteNumber("pending", s.Pending);
            json.WriteString("rollout_state", s.RolloutState);
            json.WriteString("rollout_reason", s.RolloutReason);
            json.WriteString("task_definition", s.TaskDefinition);
            json.WriteNumber("deployments", s.Deployments);
        });
        Part(json, "targets", report.Targets, t =>
        {
            json.WriteNumber("healthy", t.Healthy);
            json.WriteNumber("total", t.Total);
            Strings(json, "not_healthy", t.NotHealthy);
        });
        Part(json, "database", report.Database, d =>
        {
            json.WriteString("identifier", d.Identifier);
            json.WriteString("status", d.Status);
            json.WriteString("instance_class", d.InstanceClass);
            Number(json, "allocated_gib", d.AllocatedGiB);
            Number(json, "free_storage_bytes", d.FreeStorageBytes);
            Number(json, "used_gib", d.UsedGiB is { } used ? Math.Round(used, 2) : null);
        });
        Part(json, "mlflow", report.Mlflow, m =>
        {
            json.WriteString("url", m.Url);
            json.WriteString("version", m.Version);
            json.WriteString("expected_version", m.ExpectedVersion);
            json.WriteString("unreachable", m.Unreachable);
        });
        Part(json, "last_deploy", report.LastDeploy, d =>
        {
            json.WriteString("commit", d.Commit);
            json.WriteString("applied_at", d.AppliedAt.UtcDateTime);
            json.WriteString("plan_sha256", d.PlanSha256);
            Strings(json, "overrides", d.Overrides);
        });
        Part(json, "alarms", report.Alarms, a =>
        {
            json.WriteString("name_prefix", a.Prefix);
            json.WriteNumber("defined", a.Defined);
            json.WriteStartArray("in_alarm");
            foreach (var alarm in a.InAlarm)
            {
                json.WriteStartObject();
                json.WriteString("name", alarm.Name);
                json.WriteString("reason", alarm.StateReason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("truncated", a.Truncated);
        });
        json.WriteEndObject();
    }

    private static void Part<T>(Utf8JsonWriter json, string name, StatusPart<T> part, Action<T> write) where T : class
    {
        json.WriteStartObject(name);
        if (part.Value is { } value)
        {
            write(value);
        }
        else
        {
            json.WriteString(UnavailableField, part.Unavailable);
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
            json.WriteNumber(name, number);
        else
            json.WriteNull(name);
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlflowDeploy.Aws;

/// <summary>The ECS calls the pipeline makes (JSON 1.1, <c>AmazonEC2ContainerServiceV20141113</c>).</summary>
public sealed class EcsClient
{
    private readonly AwsJsonClient _json;

    internal EcsClient(AwsJsonClient json) => _json = json;

    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113";

    // ECS answers at most 100 ARNs per page; 50 pages bounds a runaway listing at 5,000 tasks.
    private const int MaxListPages = 50;
    private const int DescribeTasksBatch = 100;

    /// <summary>The services with their tags (<c>include: TAGS</c> needs no permission beyond DescribeServices).</summary>
    public async Task<EcsServicesResult> DescribeServicesAsync(string cluster, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        var answer = await _json.CallAsync("DescribeServices", new JsonObject
        {
            ["cluster"] = cluster,
            ["services"] = new JsonArray(services.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["include"] = new JsonArray("TAGS"),
        }, cancellationToken).ConfigureAwait(false);
        return new EcsServicesResult(answer.Array("services").Select(ReadService).ToList(), ReadFailures(answer));
    }

    /// <summary>One service, or null when ECS reports it <c>MISSING</c>.</summary>
    public async Task<EcsServiceDescription?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken)
    {
        var result = await DescribeServicesAsync(cluster, [service], cancellationToken).ConfigureAwait(false);
        return result.Services.FirstOrDefault();
    }

    /// <param name="desiredStatus"><c>RUNNING</c>, <c>PENDING</c> or <c>STOPPED</c>; null means ECS's default (RUNNING).</param>
    public async Task<IReadOnlyList<string>> ListTaskArnsAsync(
        string cluster, string? serviceName, string? desiredStatus, CancellationToken cancellationToken)
    {
        var arns = new List<string>();
        string? token = null;
        for (var page = 0; page < MaxListPages; page++)
        {
            var request = new JsonObject { ["cluster"] = cluster };
            if (serviceName is not null) request["serviceName"] = serviceName;
            if (desiredStatus is not null) request["desiredStatus"] = desiredStatus;
            if (token is not null) request["nextToken"] = token;
            var answer = await _json.CallAsync("ListTasks", request, cancellationToken).ConfigureAwait(false);
            arns.AddRange(answer.Array("taskArns").Select(a => a.GetString()!));
            token = answer.Str("nextToken");
            if (string.IsNullOrEmpty(token))
                return arns;
        }
        return arns;
    }

    public async Task<EcsTasksResult> DescribeTasksAsync(string cluster, IReadOnlyList<string> taskArns, CancellationToken cancellationToken)
    {
        var tasks = new List<EcsTask>();
        var failures = new List<EcsFailure>();
        foreach (var batch in taskArns.Chunk(DescribeTasksBatch))
        {
            var answer = await _json.CallAsync("DescribeTasks", new JsonObject
            {
                ["cluster"] = cluster,
                ["tasks"] = new JsonArray(batch.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            }, cancellationToken).ConfigureAwait(false);
            tasks.AddRange(answer.Array("tasks").Select(ReadTask));
            failures.AddRange(ReadFailures(answer));
        }
        return new EcsTasksResult(tasks, failures);
    }

    public async Task<EcsTasksResult> RunTaskAsync(EcsRunTaskRequest run, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["cluster"] = run.Cluster,
            ["taskDefinition"] = run.TaskDefinition,
            ["launchType"] = run.LaunchType,
            ["count"] = 1,
            // The same token on every retry, so a retried call can't start a second task.
            ["clientToken"] = Guid.NewGuid().ToString("N"),
            ["networkConfiguration"] = new JsonObject
            {
                ["awsvpcConfiguration"] = new JsonObject
                {
                    ["subnets"] = new JsonArray(run.Subnets.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                    ["securityGroups"] = new JsonArray(run.SecurityGroups.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                    ["assignPublicIp"] = run.AssignPublicIp ? "ENABLED" : "DISABLED",
                },
            },
        };
        if (run.StartedBy is not null) request["startedBy"] = run.StartedBy;
        if (run.Group is not null) request["group"] = run.Group;
        if (run.CommandOverrides is { Count: > 0 } overrides)
        {
            request["overrides"] = new JsonObject
            {
                ["containerOverrides"] = new JsonArray(overrides.Select(o => (JsonNode?)new JsonObject
                {
                    ["name"] = o.Key,
                    ["command"] = new JsonArray(o.Value.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
                }).ToArray()),
            };
        }
        var answer = await _json.CallAsync("RunTask", request, cancellationToken).ConfigureAwait(false);
        return new EcsTasksResult(answer.Array("tasks").Select(ReadTask).ToList(), ReadFailures(answer));
    }

    /// <summary>Adds or overwrites tags on a cluster, service, task or task definition (by its ARN); other tags stay.</summary>
    public async Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        await _json.CallAsync("TagResource", new JsonObject
        {
            ["resourceArn"] = resourceArn,
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode?)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray()),
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Stops a task; ECS records <paramref name="reason"/> as its <c>stoppedReason</c>.</summary>
    public async Task StopTaskAsync(string cluster, string task, string reason, CancellationToken cancellationToken) =>
        await _json.CallAsync("StopTask", new JsonObject { ["cluster"] = cluster, ["task"] = task, ["reason"] = reason }, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>A task definition by ARN or family:revision, with its tags; an unknown one is ECS's <c>ClientException</c>.</summary>
    public async Task<EcsTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        var answer = await _json.CallAsync("DescribeTaskDefinition",
                new JsonObject { ["taskDefinition"] = taskDefinition, ["include"] = new JsonArray("TAGS") }, cancellationToken)
            .ConfigureAwait(false);
        var definition = answer.TryGetProperty("taskDefinition", out var d) ? d : default;
        return new EcsTaskDefinition(
            definition.Str("taskDefinitionArn") ?? taskDefinition,
            definition.Str("family") ?? "",
            definition.Int("revision") ?? 0,
            definition.Array("containerDefinitions").Select(c =>
            {
                var log = c.TryGetProperty("logConfiguration", out var l) ? l : default;
                var options = log.ValueKind == JsonValueKind.Object && log.TryGetProperty("options", out var o) ? o : default;
                return new EcsContainerDefinition(
                    c.Str("name") ?? "",
                    c.TryGetProperty("healthCheck", out var h) && h.Array("command").Any(),
                    log.Str("logDriver"),
                    options.Str("awslogs-group"),
                    options.Str("awslogs-stream-prefix"));
            }).ToList(),
            answer.Array("tags").Where(t => t.Str("key") is not null).ToDictionary(t => t.Str("key")!, t => t.Str("value") ?? "", StringComparer.Ordinal),
            definition.Str("status") ?? "ACTIVE");
    }

    /// <summary>A cluster's status (<c>ACTIVE</c>, <c>INACTIVE</c> once deleted…), or null when ECS reports it missing.</summary>
    public async Task<string?> DescribeClusterStatusAsync(string cluster, CancellationToken cancellationToken)
    {
        var answer = await _json.CallAsync("DescribeClusters",
            new JsonObject { ["clusters"] = new JsonArray(cluster) }, cancellationToken).ConfigureAwait(false);
        return answer.Array("clusters").Select(c => c.Str("status")).FirstOrDefault();
    }

    private static EcsServiceDescription ReadService(JsonElement s) => new(
        s.Str("serviceName") ?? "",
        s.Str("serviceArn") ?? "",
        s.Str("status") ?? "",
        s.Int("desiredCount") ?? 0,
        s.Int("runningCount") ?? 0,
        s.Int("pendingCount") ?? 0,
        s.Str("taskDefinition"),
        s.Array("deployments").Select(d => new EcsDeployment(
            d.Str("id") ?? "", d.Str("status") ?? "", d.Str("rolloutState"), d.Str("rolloutStateReason"), d.Str("taskDefinition"),
            d.Int("desiredCount") ?? 0, d.Int("runningCount") ?? 0, d.Int("failedTasks") ?? 0, d.Time("createdAt"))).ToList(),
        s.Array("events").Take(10).Select(e => new EcsServiceEvent(e.Time("createdAt"), e.Str("message") ?? "")).ToList(),
        ReadNetwork(s),
        s.Array("tags").Where(t => t.Str("key") is not null).GroupBy(t => t.Str("key")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Str("value") ?? "", StringComparer.Ordinal));

    private static EcsAwsVpcConfiguration? ReadNetwork(JsonElement service)
    {
        if (!service.TryGetProperty("networkConfiguration", out var network) || network.ValueKind != JsonValueKind.Object
            || !network.TryGetProperty("awsvpcConfiguration", out var vpc))
            return null;
        return new EcsAwsVpcConfiguration(
            vpc.Array("subnets").Select(x => x.GetString()!).ToList(),
            vpc.Array("securityGroups").Select(x => x.GetString()!).ToList(),
            vpc.Str("assignPublicIp") == "ENABLED");
    }

    private static EcsTask ReadTask(JsonElement t) => new(
        t.Str("taskArn") ?? "",
        t.Str("lastStatus"),
        t.Str("desiredStatus"),
        t.Str("healthStatus"),
        t.Str("stopCode"),
        t.Str("stoppedReason"),
        t.Time("startedAt"),
        t.Time("stoppedAt"),
        t.Str("taskDefinitionArn"),
        PrivateIpv4(t),
        t.Array("containers").Select(c => new EcsContainer(
            c.Str("name") ?? "", c.Str("lastStatus"), c.Int("exitCode"), c.Str("reason"), c.Str("healthStatus"))).ToList(),
        t.Str("group"),
        t.Str("startedBy"));

    /// <summary>Fargate's ENI attachment carries the task's address as a <c>privateIPv4Address</c> detail.</summary>
    private static string? PrivateIpv4(JsonElement task) =>
        task.Array("attachments")
            .SelectMany(a => a.Array("details"))
            .FirstOrDefault(d => d.Str("name") == "privateIPv4Address")
            .Str("value")
        ?? task.Array("containers").SelectMany(c => c.Array("networkInterfaces")).Select(n => n.Str("privateIpv4Address")).FirstOrDefault(ip => ip is not null);

    private static List<EcsFailure> ReadFailures(JsonElement answer) =>
        answer.Array("failures").Select(f => new EcsFailure(f.Str("arn"), f.Str("reason") ?? "", f.Str("detail"))).ToList();
}

using System.Globalization;
using System.Text.Json;

namespace MlflowDeploy.Preflight;

/// <summary>What the offline plan of the stack holds that Validate checks: the settings, the task definition, the DB secret's ARN.</summary>
public sealed record RenderedStack
{
    public required StackSettings Settings { get; init; }

    /// <summary>The task definition's <c>container_definitions</c> JSON, as ECS would receive it.</summary>
    public required string ContainerDefinitions { get; init; }

    /// <summary>The task's memory in MiB.</summary>
    public int TaskMemory { get; init; }

    /// <summary>The name of the MLflow container (the <c>container_name</c> output).</summary>
    public required string ContainerName { get; init; }

    /// <summary>The RDS-managed master password secret's ARN (a placeholder in the render).</summary>
    public required string DbSecretArn { get; init; }

    /// <summary>The bucket the stack creates, or null when it uses an existing one.</summary>
    public string? CreatedBucketName { get; init; }

    /// <summary>The artifact bucket's name as the stack computes it (the <c>artifact_bucket_name</c> output).</summary>
    public required string ArtifactBucketName { get; init; }

    public static RenderedStack FromPlan(JsonElement plan)
    {
        var outputs = plan.GetProperty("output_changes");
        string Output(string name) => outputs.GetProperty(name).GetProperty("after").GetString()
            ?? throw new InvalidOperationException($"output {name} is unknown in the rendered plan");

        var taskDefinition = After(plan, "aws_ecs_task_definition")
            ?? throw new InvalidOperationException("the rendered plan holds no aws_ecs_task_definition");
        var bucket = After(plan, "aws_s3_bucket");
        return new RenderedStack
        {
            Settings = StackSettings.FromJson(outputs.GetProperty("preflight_settings").GetProperty("after")),
            ContainerDefinitions = taskDefinition.GetProperty("container_definitions").GetString() ?? "[]",
            TaskMemory = int.Parse(taskDefinition.GetProperty("memory").GetString() ?? "0", CultureInfo.InvariantCulture),
            ContainerName = Output("container_name"),
            DbSecretArn = Output("preflight_db_secret_arn"),
            CreatedBucketName = bucket?.GetProperty("bucket").GetString(),
            ArtifactBucketName = Output("artifact_bucket_name"),
        };
    }

    private static JsonElement? After(JsonElement plan, string type)
    {
        foreach (var change in plan.GetProperty("resource_changes").EnumerateArray())
        {
            if (change.GetProperty("type").GetString() == type && change.GetProperty("mode").GetString() == "managed")
            {
                return change.GetProperty("change").GetProperty("after");
            }
        }

        return null;
    }
}

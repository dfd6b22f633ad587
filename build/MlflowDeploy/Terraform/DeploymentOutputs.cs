using System.Globalization;
using System.Text.Json;

namespace MlflowDeploy.Terraform;

/// <summary>
/// What Terraform says it deployed (<c>terraform output -json</c>), the single source Verify reads.
/// The names in comments are the Terraform output names in <c>infra/outputs.tf</c>.
/// </summary>
public sealed record DeploymentOutputs
{
    public required string Region { get; init; }                 // region
    public required string MlflowUrl { get; init; }              // mlflow_url
    public required string MlflowVersion { get; init; }          // mlflow_version
    public required string ClusterName { get; init; }            // ecs_cluster_name
    public required string ServiceName { get; init; }            // ecs_service_name
    public required string ContainerName { get; init; }          // container_name
    public required string TaskDefinitionArn { get; init; }      // task_definition_arn
    public required int DesiredCount { get; init; }              // desired_count
    public required string LoadBalancerArn { get; init; }        // load_balancer_arn
    public required string TargetGroupArn { get; init; }         // target_group_arn
    public required string LogGroupName { get; init; }           // log_group_name
    public required string DbInstanceIdentifier { get; init; }   // db_instance_identifier
    public required string ArtifactBucketName { get; init; }     // artifact_bucket_name

    /// <summary>The verification user's secret, on a stack with basic-auth; null without.</summary>
    public string? VerifierSecretArn { get; init; }              // verifier_secret_arn

    /// <summary>The stack's CloudWatch alarms and their common name prefix; empty and null on a stack from before alarms.</summary>
    public IReadOnlyList<string> AlarmNames { get; init; } = [];  // alarm_names
    public string? AlarmNamePrefix { get; init; }                // alarm_name_prefix

    /// <summary>The image the task definition runs and the stack's repository; null on a stack from before them (Rollback needs both).</summary>
    public string? MlflowImage { get; init; }                    // mlflow_image
    public string? ImageRepositoryUrl { get; init; }             // image_repository_url

    /// <summary>Reads <c>terraform output -json</c>; a missing output means nothing (or something else) is deployed.</summary>
    public static DeploymentOutputs FromTerraformOutputs(JsonElement outputs)
    {
        string Text(string name)
        {
            if (!outputs.TryGetProperty(name, out var output) || !output.TryGetProperty("value", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                throw new ActionableError(
                    $"terraform output '{name}' is missing — the environment is not deployed (run Apply first) or infra/outputs.tf lost that output",
                    exitCode: 2);
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }

        string? Optional(string name) =>
            outputs.TryGetProperty(name, out var output) && output.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        IReadOnlyList<string> Names(string name) =>
            outputs.TryGetProperty(name, out var output) && output.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
                ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
                : [];

        return new DeploymentOutputs
        {
            Region = Text("region"),
            MlflowUrl = Text("mlflow_url"),
            MlflowVersion = Text("mlflow_version"),
            ClusterName = Text("ecs_cluster_name"),
            ServiceName = Text("ecs_service_name"),
            ContainerName = Text("container_name"),
            TaskDefinitionArn = Text("task_definition_arn"),
            DesiredCount = int.Parse(Text("desired_count"), CultureInfo.InvariantCulture),
            LoadBalancerArn = Text("load_balancer_arn"),
            TargetGroupArn = Text("target_group_arn"),
            LogGroupName = Text("log_group_name"),
            DbInstanceIdentifier = Text("db_instance_identifier"),
            ArtifactBucketName = Text("artifact_bucket_name"),
            VerifierSecretArn = Optional("verifier_secret_arn"),
            AlarmNames = Names("alarm_names"),
            AlarmNamePrefix = Optional("alarm_name_prefix"),
            MlflowImage = Optional("mlflow_image"),
            ImageRepositoryUrl = Optional("image_repository_url"),
        };
    }
}

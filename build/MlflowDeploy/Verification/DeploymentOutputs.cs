namespace MlflowDeploy.Verification;

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
}

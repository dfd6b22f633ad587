namespace MlflowDeploy.Review;

/// <summary>Resource types whose destruction loses data that terraform cannot recreate.</summary>
public static class StatefulResourceTypes
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_s3_bucket",
        "aws_secretsmanager_secret",
        "aws_efs_file_system",
        "aws_dynamodb_table",
        "aws_cloudwatch_log_group",
    };

    public static bool Contains(string type) => All.Contains(type);
}

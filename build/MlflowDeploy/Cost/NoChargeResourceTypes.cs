namespace MlflowDeploy.Cost;

/// <summary>
/// Resource types with no charge of their own: networking plumbing, IAM, configuration sub-resources, and
/// resources whose cost is carried by another (a task definition by its service, a secret version by its secret).
/// A type that is neither here nor priced is listed as not priced, so a new kind of resource never vanishes.
/// </summary>
public static class NoChargeResourceTypes
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_route", "aws_route_table",
        "aws_route_table_association", "aws_main_route_table_association", "aws_default_route_table", "aws_default_security_group",
        "aws_default_network_acl", "aws_network_acl", "aws_network_acl_rule", "aws_network_acl_association", "aws_vpc_dhcp_options",
        "aws_vpc_dhcp_options_association", "aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
        "aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_policy", "aws_iam_policy_attachment",
        "aws_iam_user", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_group", "aws_iam_group_policy",
        "aws_iam_instance_profile", "aws_iam_openid_connect_provider", "aws_iam_service_linked_role",
        "aws_ecs_task_definition", "aws_ecs_cluster_capacity_providers",
        "aws_appautoscaling_target", "aws_appautoscaling_policy", "aws_appautoscaling_scheduled_action",
        "aws_lb_target_group", "aws_lb_listener", "aws_lb_listener_rule", "aws_lb_listener_certificate", "aws_lb_target_group_attachment",
        "aws_db_subnet_group", "aws_db_parameter_group", "aws_db_option_group",
        "aws_s3_bucket_ownership_controls", "aws_s3_bucket_public_access_block", "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_policy", "aws_s3_bucket_lifecycle_configuration",
        "aws_s3_bucket_logging", "aws_s3_bucket_acl", "aws_s3_bucket_cors_configuration", "aws_s3_bucket_notification",
        "aws_secretsmanager_secret_version", "aws_secretsmanager_secret_policy", "aws_secretsmanager_secret_rotation",
        "aws_sns_topic", "aws_sns_topic_subscription", "aws_sns_topic_policy",
        "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_logging_configuration", "aws_wafv2_ip_set", "aws_wafv2_regex_pattern_set",
        "aws_ecr_lifecycle_policy", "aws_ecr_repository_policy",
        "aws_acm_certificate", "aws_acm_certificate_validation",
        "aws_cloudwatch_log_resource_policy", "aws_cloudwatch_log_stream", "aws_kms_alias", "aws_kms_key_policy",
        "terraform_data", "null_resource", "time_sleep",
    };

    public static bool Contains(string type) => Types.Contains(type);
}

namespace MlflowDeploy.Recovery;

/// <summary>
/// What a tagged resource's ARN is in terraform's terms: the resource type that manages it and the ID
/// <c>terraform import</c> takes for that type (a name, an ID or the ARN itself, per the provider's documentation).
/// Resources AWS creates on the stack's behalf (DB snapshots, ECS tasks, RDS-managed secrets, network interfaces)
/// carry the stack's tags but are nobody's to import; they come back as <see cref="NotManaged"/> with the reason.
/// </summary>
public sealed record ImportTarget(string Type, string ImportId)
{
    // Types whose create call fails when the name is taken in the account and region; the rest either get a fresh ID
    // (VPCs, subnets…) or return the existing one for the same settings (ECS clusters, load balancers, SNS topics).
    private static readonly HashSet<string> NameTakenFailures = new(StringComparer.Ordinal)
    {
        "aws_s3_bucket", "aws_db_instance", "aws_db_subnet_group", "aws_db_parameter_group", "aws_cloudwatch_log_group",
        "aws_secretsmanager_secret", "aws_ecr_repository", "aws_iam_role", "aws_wafv2_web_acl",
    };

    /// <summary>True when a second resource of this type with the same name cannot be created: an orphan of it makes the apply fail.</summary>
    public bool CreateFailsOnTakenName => NameTakenFailures.Contains(Type);

    /// <summary>The target for <paramref name="arn"/>; null with <paramref name="notManaged"/> set for what the stack never manages, or with it null for a type not known here.</summary>
    public static ImportTarget? For(string arn, out string? notManaged)
    {
        notManaged = null;
        var parts = arn.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn")
        {
            return null;
        }

        var (service, resource) = (parts[2], parts[5]);
        // "vpc/vpc-1", "db:name", "log-group:/ecs/x": the kind ends at the first '/' or ':'.
        var separator = resource.IndexOfAny(['/', ':']);
        var kind = separator < 0 ? resource : resource[..separator];
        var rest = separator < 0 ? resource : resource[(separator + 1)..];
        var last = resource[(resource.LastIndexOfAny(['/', ':']) + 1)..];

        switch (service, kind)
        {
            case ("s3", _):
                return new ImportTarget("aws_s3_bucket", resource);
            case ("ec2", "vpc"):
                return new ImportTarget("aws_vpc", last);
            case ("ec2", "subnet"):
                return new ImportTarget("aws_subnet", last);
            case ("ec2", "security-group"):
                return new ImportTarget("aws_security_group", last);
            case ("ec2", "route-table"):
                return new ImportTarget("aws_route_table", last);
            case ("ec2", "natgateway"):
                return new ImportTarget("aws_nat_gateway", last);
            case ("ec2", "internet-gateway"):
                return new ImportTarget("aws_internet_gateway", last);
            case ("ec2", "vpc-flow-log" or "flow-logs"):
                return new ImportTarget("aws_flow_log", last);
            case ("ec2", "elastic-ip"):
                return new ImportTarget("aws_eip", last);
            case ("ec2", "vpc-endpoint"):
                return new ImportTarget("aws_vpc_endpoint", last);
            case ("ec2", "network-interface"):
                notManaged = "a network interface AWS attached for a load balancer, NAT gateway or task";
                return null;
            case ("rds", "db"):
                return new ImportTarget("aws_db_instance", rest);
            case ("rds", "subgrp"):
                return new ImportTarget("aws_db_subnet_group", rest);
            case ("rds", "pg"):
                return new ImportTarget("aws_db_parameter_group", rest);
            case ("rds", "og"):
                return new ImportTarget("aws_db_option_group", rest);
            case ("rds", "cluster"):
                return new ImportTarget("aws_rds_cluster", rest);
            case ("rds", "cluster-pg"):
                return new ImportTarget("aws_rds_cluster_parameter_group", rest);
            case ("rds", "snapshot" or "cluster-snapshot"):
                notManaged = "a DB snapshot (kept on purpose: final and manual snapshots outlive the stack)";
                return null;
            case ("logs", "log-group"):
                return new ImportTarget("aws_cloudwatch_log_group", rest.EndsWith(":*", StringComparison.Ordinal) ? rest[..^2] : rest);
            case ("secretsmanager", "secret") when rest.StartsWith("rds!", StringComparison.Ordinal):
                notManaged = "the database's master secret, which RDS owns";
                return null;
            case ("secretsmanager", "secret"):
                return new ImportTarget("aws_secretsmanager_secret", arn);
            case ("ecs", "cluster"):
                return new ImportTarget("aws_ecs_cluster", rest);
            case ("ecs", "service"):
                return new ImportTarget("aws_ecs_service", rest);
            case ("ecs", "task-definition"):
                return new ImportTarget("aws_ecs_task_definition", arn);
            case ("ecs", "task" or "container-instance"):
                notManaged = "an ECS task the service started";
                return null;
            case ("elasticloadbalancing", "loadbalancer"):
                return new ImportTarget("aws_lb", arn);
            case ("elasticloadbalancing", "targetgroup"):
                return new ImportTarget("aws_lb_target_group", arn);
            case ("elasticloadbalancing", "listener"):
                return new ImportTarget("aws_lb_listener", arn);
            case ("elasticloadbalancing", "listener-rule"):
                return new ImportTarget("aws_lb_listener_rule", arn);
            case ("ecr", "repository"):
                return new ImportTarget("aws_ecr_repository", rest);
            case ("wafv2", "regional") when rest.Split('/') is ["webacl", var name, var id]:
                return new ImportTarget("aws_wafv2_web_acl", $"{id}/{name}/REGIONAL");
            case ("acm", "certificate"):
                return new ImportTarget("aws_acm_certificate", arn);
            case ("kms", "key"):
                return new ImportTarget("aws_kms_key", last);
            case ("cloudwatch", "alarm"):
                return new ImportTarget("aws_cloudwatch_metric_alarm", rest);
            case ("sns", _):
                return new ImportTarget("aws_sns_topic", arn);
            case ("iam", "role"):
                return new ImportTarget("aws_iam_role", last);
            default:
                return null;
        }
    }
}

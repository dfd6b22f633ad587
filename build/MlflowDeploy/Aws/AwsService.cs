namespace MlflowDeploy.Aws;

/// <summary>
/// What we need to reach one AWS service: the name it signs with (moto routes on it, so it must be exact),
/// the host prefix of its public endpoint, and the SDK's suffix for <c>AWS_ENDPOINT_URL_&lt;SUFFIX&gt;</c>.
/// </summary>
public sealed record AwsService(string SigningName, string EndpointPrefix, string EndpointEnvironmentSuffix)
{
    public static readonly AwsService Ecs = new("ecs", "ecs", "ECS");
    public static readonly AwsService ResourceGroupsTagging = new("tagging", "tagging", "RESOURCE_GROUPS_TAGGING_API") { IamPrefix = "tag" };
    public static readonly AwsService ElasticLoadBalancingV2 = new("elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2");
    public static readonly AwsService CloudWatchLogs = new("logs", "logs", "CLOUDWATCH_LOGS");
    public static readonly AwsService Rds = new("rds", "rds", "RDS");
    public static readonly AwsService Sts = new("sts", "sts", "STS");
    public static readonly AwsService S3 = new("s3", "s3", "S3");
    public static readonly AwsService CloudWatch = new("monitoring", "monitoring", "CLOUDWATCH");
    public static readonly AwsService SecretsManager = new("secretsmanager", "secretsmanager", "SECRETS_MANAGER");
    public static readonly AwsService Ec2 = new("ec2", "ec2", "EC2");

    /// <summary>The prefix of the service's IAM actions where it is not the signing name (<c>tag:GetResources</c> is signed for "tagging").</summary>
    public string? IamPrefix { get; init; }

    /// <summary>S3 signs the path as sent; every other service escapes each path segment a second time.</summary>
    public bool EscapesPathTwice => SigningName != "s3";

    public override string ToString() => SigningName;
}

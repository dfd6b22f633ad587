namespace MlflowDeploy.Cost;

/// <summary>The groups line items are shown in, in display order.</summary>
public static class CostCategory
{
    public const string Fargate = "Fargate";
    public const string Rds = "RDS";
    public const string NatGateway = "NAT gateway";
    public const string LoadBalancer = "Load balancer";
    public const string PublicIpv4 = "Public IPv4";
    public const string VpcEndpoints = "VPC endpoints";
    public const string DataTransfer = "Data transfer";
    public const string S3 = "S3";
    public const string CloudWatchLogs = "CloudWatch Logs";
    public const string CloudWatchAlarms = "CloudWatch alarms";
    public const string Waf = "WAF";
    public const string SecretsManager = "Secrets Manager";
    public const string Ecr = "ECR";
    public const string Kms = "KMS";

    private static readonly string[] Order =
    [
        Fargate, Rds, NatGateway, LoadBalancer, PublicIpv4, VpcEndpoints, DataTransfer, S3, CloudWatchLogs, CloudWatchAlarms,
        Waf, SecretsManager, Ecr, Kms,
    ];

    public static int DisplayOrder(string category)
    {
        var index = Array.IndexOf(Order, category);
        return index < 0 ? Order.Length : index;
    }
}

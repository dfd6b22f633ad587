namespace MlflowDeploy.Cost;

/// <summary>The pricing of each priced resource type.</summary>
public static class ResourcePricingCatalog
{
    private static readonly IReadOnlyDictionary<string, IResourcePricing> ByType = new IResourcePricing[]
    {
        new FargateServicePricing(),
        new RdsInstancePricing(),
        new NatGatewayPricing(),
        new ElasticIpPricing(),
        new LoadBalancerPricing(),
        new VpcEndpointPricing(),
        new S3BucketPricing(),
        new LogGroupPricing(),
        new MetricAlarmPricing(),
        new WafWebAclPricing(),
        new SecretPricing(),
        new EcrRepositoryPricing(),
        new KmsKeyPricing(),
        new EcsClusterPricing(),
        new FlowLogPricing(),
    }.ToDictionary(p => p.ResourceType, StringComparer.Ordinal);

    public static IResourcePricing? For(string type) => ByType.TryGetValue(type, out var pricing) ? pricing : null;
}

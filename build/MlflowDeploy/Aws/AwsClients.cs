using Amazon.S3;
using Amazon.SecurityToken;

namespace MlflowDeploy.Aws;

/// <summary>
/// Everything a task needs to talk to AWS, built once: the resolved region, and one client per service, all
/// signing with the same credentials and reaching the same endpoints (<c>AWS_ENDPOINT_URL*</c> honoured).
/// </summary>
public sealed class AwsClients : IDisposable
{
    // One HttpClient per process (connection reuse, no socket exhaustion); each call sets its own deadline.
    private static readonly HttpClient SharedHttp = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    private AwsClients(
        string region, EcsClient ecs, ElasticLoadBalancingClient loadBalancing, CloudWatchLogsClient logs, RdsClient rds,
        S3BucketClient s3, StsIdentityClient sts, CloudWatchClient cloudWatch, SecretsManagerClient secretsManager, ResourceTaggingClient tagging,
        Ec2Client ec2)
    {
        Region = region;
        Ecs = ecs;
        LoadBalancing = loadBalancing;
        Logs = logs;
        Rds = rds;
        S3 = s3;
        Sts = sts;
        CloudWatch = cloudWatch;
        SecretsManager = secretsManager;
        Tagging = tagging;
        Ec2 = ec2;
    }

    public string Region { get; }
    public EcsClient Ecs { get; }
    public ElasticLoadBalancingClient LoadBalancing { get; }
    public CloudWatchLogsClient Logs { get; }
    public RdsClient Rds { get; }
    public S3BucketClient S3 { get; }
    public StsIdentityClient Sts { get; }
    public CloudWatchClient CloudWatch { get; }
    public SecretsManagerClient SecretsManager { get; }
    public ResourceTaggingClient Tagging { get; }
    public Ec2Client Ec2 { get; }

    /// <summary>
    /// Resolves credentials through the SDK's default chain and the region (<paramref name="regionOverride"/> first,
    /// then AWS_REGION, then the profile). Throws <see cref="ActionableError"/> (exit code 2) when either is missing.
    /// </summary>
    public static async Task<AwsClients> CreateAsync(string? regionOverride, CancellationToken cancellationToken)
    {
        var region = AwsRegionResolver.Resolve(regionOverride, Environment.GetEnvironmentVariable);
        var credentials = await AwsCredentialResolver.ResolveAsync(cancellationToken).ConfigureAwait(false);
        return Create(credentials, region);
    }

    /// <summary>
    /// Clients for known credentials and region (the local emulator, tests). <paramref name="environment"/> is
    /// where <c>AWS_ENDPOINT_URL*</c> are read from (the process environment by default).
    /// </summary>
    public static AwsClients Create(
        AwsCredentials credentials,
        string region,
        Func<string, string?>? environment = null,
        AwsRetryPolicy? retry = null,
        HttpClient? http = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        retry ??= AwsRetryPolicy.Default;
        var transport = new AwsTransport(http ?? SharedHttp, credentials, region, retry);
        Uri Endpoint(AwsService service) => AwsEndpointResolver.Resolve(service, region, environment);

        var sdkCredentials = credentials.SessionToken is null
            ? (Amazon.Runtime.AWSCredentials)new Amazon.Runtime.BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey)
            : new Amazon.Runtime.SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);

        var s3Config = new AmazonS3Config();
        SdkErrorTranslation.Configure(s3Config, AwsService.S3, region, environment, retry);
        // An endpoint override (moto, LocalStack, a VPC endpoint) can't serve virtual-hosted bucket names.
        s3Config.ForcePathStyle = AwsEndpointResolver.IsOverridden(AwsService.S3, environment);
        var stsConfig = new AmazonSecurityTokenServiceConfig();
        SdkErrorTranslation.Configure(stsConfig, AwsService.Sts, region, environment, retry);

        return new AwsClients(
            region,
            new EcsClient(new AwsJsonClient(transport, AwsService.Ecs, Endpoint(AwsService.Ecs), EcsClient.TargetPrefix)),
            new ElasticLoadBalancingClient(new AwsQueryClient(transport, AwsService.ElasticLoadBalancingV2,
                Endpoint(AwsService.ElasticLoadBalancingV2), ElasticLoadBalancingClient.Version, ElasticLoadBalancingClient.Namespace)),
            new CloudWatchLogsClient(new AwsJsonClient(transport, AwsService.CloudWatchLogs, Endpoint(AwsService.CloudWatchLogs), CloudWatchLogsClient.TargetPrefix)),
            new RdsClient(new AwsQueryClient(transport, AwsService.Rds, Endpoint(AwsService.Rds), RdsClient.Version, RdsClient.Namespace)),
            new S3BucketClient(new AmazonS3Client(sdkCredentials, s3Config), retry.MaxAttempts),
            new StsIdentityClient(new AmazonSecurityTokenServiceClient(sdkCredentials, stsConfig), retry.MaxAttempts),
            new CloudWatchClient(new AwsQueryClient(transport, AwsService.CloudWatch, Endpoint(AwsService.CloudWatch), CloudWatchClient.Version, CloudWatchClient.Namespace)),
            new SecretsManagerClient(new AwsJsonClient(transport, AwsService.SecretsManager, Endpoint(AwsService.SecretsManager), SecretsManagerClient.TargetPrefix)),
            new ResourceTaggingClient(new AwsJsonClient(transport, AwsService.ResourceGroupsTagging, Endpoint(AwsService.ResourceGroupsTagging), ResourceTaggingClient.TargetPrefix)),
            new Ec2Client(new AwsQueryClient(transport, AwsService.Ec2, Endpoint(AwsService.Ec2), Ec2Client.Version, Ec2Client.Namespace, resultWrapped: false)));
    }

    public void Dispose()
    {
        S3.Dispose();
        Sts.Dispose();
    }
}

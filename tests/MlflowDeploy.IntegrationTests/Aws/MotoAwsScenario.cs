using MlflowDeploy.Aws;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Aws;

/// <summary>
/// moto plus the network every ECS/ELB test needs (a VPC with DNS hostnames, which moto's RunTask requires,
/// two subnets and a security group), and <see cref="AwsClients"/> pointed at it with fake credentials.
/// </summary>
public sealed class MotoAwsScenario : MotoServer
{
    public string VpcId { get; private set; } = "";
    public string[] SubnetIds { get; private set; } = [];
    public string SecurityGroupId { get; private set; } = "";
    public AwsClients Clients { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        VpcId = (await AwsCliAsync("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")).GetProperty("Vpc").GetProperty("VpcId").GetString()!;
        await AwsCliAsync("ec2", "modify-vpc-attribute", "--vpc-id", VpcId, "--enable-dns-hostnames", "{\"Value\":true}");
        SubnetIds =
        [
            (await AwsCliAsync("ec2", "create-subnet", "--vpc-id", VpcId, "--cidr-block", "10.0.1.0/24", "--availability-zone", "eu-west-2a"))
                .GetProperty("Subnet").GetProperty("SubnetId").GetString()!,
            (await AwsCliAsync("ec2", "create-subnet", "--vpc-id", VpcId, "--cidr-block", "10.0.2.0/24", "--availability-zone", "eu-west-2b"))
                .GetProperty("Subnet").GetProperty("SubnetId").GetString()!,
        ];
        SecurityGroupId = (await AwsCliAsync("ec2", "create-security-group", "--group-name", "mlflow", "--description", "mlflow", "--vpc-id", VpcId))
            .GetProperty("GroupId").GetString()!;

        var environment = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = Endpoint.ToString() };
        Clients = AwsClients.Create(new AwsCredentials(AccessKeyId, SecretAccessKey), Region, environment.GetValueOrDefault);
    }

    public override async Task DisposeAsync()
    {
        Clients?.Dispose();
        await base.DisposeAsync();
    }
}

using System.Text.Json;
using MlflowDeploy.Tests.Aws;

namespace MlflowDeploy.Tests.Emulator;

/// <summary>
/// The launcher's patches keep what AWS keeps and moto 5.2.1 drops on create: the ECS service's grace period and
/// AZ rebalancing, and the description of a security-group rule that references another group; and a bucket policy's
/// conditions count, so a TLS-only policy no longer denies every object request. Each answer is read
/// straight from the launcher's API with the awscli, so a patch that stops working fails here, not only as plan drift.
/// </summary>
public sealed class LauncherReadBackTests(MotoAwsScenario moto) : IClassFixture<MotoAwsScenario>
{
    [Fact]
    public async Task CreateService_keeps_the_health_check_grace_period_and_az_rebalancing_in_its_answer_and_in_DescribeServices()
    {
        await moto.AwsCliAsync("ecs", "create-cluster", "--cluster-name", "kept");
        var taskDefinition = (await moto.AwsCliAsync("ecs", "register-task-definition", "--family", "kept", "--network-mode", "awsvpc",
                "--requires-compatibilities", "FARGATE", "--cpu", "256", "--memory", "512", "--container-definitions",
                """[{"name":"mlflow","image":"ghcr.io/mlflow/mlflow:v2.22.0","cpu":256,"memory":512}]"""))
            .GetProperty("taskDefinition").GetProperty("taskDefinitionArn").GetString()!;

        var created = (await moto.AwsCliAsync("ecs", "create-service", "--cluster", "kept", "--service-name", "mlflow", "--task-definition", taskDefinition,
            "--desired-count", "2", "--launch-type", "FARGATE", "--health-check-grace-period-seconds", "180", "--availability-zone-rebalancing", "ENABLED",
            "--network-configuration", $"awsvpcConfiguration={{subnets=[{moto.SubnetIds[0]}],securityGroups=[{moto.SecurityGroupId}]}}"))
            .GetProperty("service");
        var described = (await moto.AwsCliAsync("ecs", "describe-services", "--cluster", "kept", "--services", "mlflow"))
            .GetProperty("services")[0];

        Assert.Equal((180, "ENABLED"), ServiceFields(created));
        Assert.Equal((180, "ENABLED"), ServiceFields(described));

        // UpdateService already stored both in moto; the patch must not stand in its way.
        await moto.AwsCliAsync("ecs", "update-service", "--cluster", "kept", "--service", "mlflow",
            "--health-check-grace-period-seconds", "60", "--availability-zone-rebalancing", "DISABLED");
        Assert.Equal((60, "DISABLED"), ServiceFields((await moto.AwsCliAsync("ecs", "describe-services", "--cluster", "kept", "--services", "mlflow"))
            .GetProperty("services")[0]));
    }

    [Fact]
    public async Task A_rule_that_references_another_group_keeps_its_description_on_create_and_on_modify_for_ingress_and_egress()
    {
        var peer = (await moto.AwsCliAsync("ec2", "create-security-group", "--group-name", "peer", "--description", "peer", "--vpc-id", moto.VpcId))
            .GetProperty("GroupId").GetString()!;
        var owner = (await moto.AwsCliAsync("ec2", "create-security-group", "--group-name", "owner", "--description", "owner", "--vpc-id", moto.VpcId))
            .GetProperty("GroupId").GetString()!;

        var ingress = await AuthorizeAsync("authorize-security-group-ingress", owner, peer, 5000, "Load balancer to MLflow");
        var egress = await AuthorizeAsync("authorize-security-group-egress", owner, peer, 5432, "MLflow to PostgreSQL");
        Assert.Equal("Load balancer to MLflow", await DescribedRuleDescriptionAsync(ingress));
        Assert.Equal("MLflow to PostgreSQL", await DescribedRuleDescriptionAsync(egress));

        // How the provider changes a description in place: ModifySecurityGroupRules with the referenced group.
        await moto.AwsCliAsync("ec2", "modify-security-group-rules", "--group-id", owner, "--security-group-rules",
            $"SecurityGroupRuleId={egress},SecurityGroupRule={{IpProtocol=tcp,FromPort=5432,ToPort=5432,ReferencedGroupId={peer},Description=changed}}");
        Assert.Equal("changed", await DescribedRuleDescriptionAsync(egress));
        var pair = (await moto.AwsCliAsync("ec2", "describe-security-groups", "--group-ids", owner)).GetProperty("SecurityGroups")[0]
            .GetProperty("IpPermissionsEgress").EnumerateArray()
            .Single(p => p.TryGetProperty("FromPort", out var port) && port.GetInt32() == 5432)
            .GetProperty("UserIdGroupPairs")[0];
        Assert.Equal((peer, "changed"), (pair.GetProperty("GroupId").GetString(), pair.GetProperty("Description").GetString()));
    }

    [Fact]
    public async Task A_cidr_rule_still_reads_back_its_own_description()
    {
        var group = (await moto.AwsCliAsync("ec2", "create-security-group", "--group-name", "cidr", "--description", "cidr", "--vpc-id", moto.VpcId))
            .GetProperty("GroupId").GetString()!;
        var rule = (await moto.AwsCliAsync("ec2", "authorize-security-group-ingress", "--group-id", group, "--ip-permissions",
                """[{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"0.0.0.0/0","Description":"Clients to the load balancer"}]}]"""))
            .GetProperty("SecurityGroupRules")[0].GetProperty("SecurityGroupRuleId").GetString()!;

        Assert.Equal("Clients to the load balancer", await DescribedRuleDescriptionAsync(rule));
    }

    [Fact]
    public async Task A_TLS_only_bucket_policy_lets_object_requests_through_and_an_unconditional_deny_still_denies()
    {
        var body = Path.Combine(Path.GetTempPath(), $"object-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(body, "state");
        try
        {
            foreach (var (bucket, condition) in new[] { ("tls-only", ""","Condition":{"Bool":{"aws:SecureTransport":"false"}}"""), ("deny-all", "") })
            {
                await moto.AwsCliAsync("s3api", "create-bucket", "--bucket", bucket, "--create-bucket-configuration", "LocationConstraint=eu-west-2");
                await moto.AwsCliAsync("s3api", "put-bucket-policy", "--bucket", bucket, "--policy",
                    $$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{{{bucket}}}","arn:aws:s3:::{{{bucket}}}/*"]{{{condition}}}}]}""");
            }

            await moto.AwsCliAsync("s3api", "put-object", "--bucket", "tls-only", "--key", "env/terraform.tfstate", "--body", body);
            var read = await moto.AwsCliAsync("s3api", "head-object", "--bucket", "tls-only", "--key", "env/terraform.tfstate");
            var denied = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                moto.AwsCliAsync("s3api", "put-object", "--bucket", "deny-all", "--key", "x", "--body", body));

            Assert.Equal(5, read.GetProperty("ContentLength").GetInt32());
            Assert.Contains("403", denied.Message);
        }
        finally
        {
            File.Delete(body);
        }
    }

    private static (int?, string?) ServiceFields(JsonElement service) =>
        (service.TryGetProperty("healthCheckGracePeriodSeconds", out var grace) ? grace.GetInt32() : null,
         service.TryGetProperty("availabilityZoneRebalancing", out var rebalancing) ? rebalancing.GetString() : null);

    private async Task<string> AuthorizeAsync(string command, string groupId, string peerId, int port, string description)
    {
        var permissions = JsonSerializer.Serialize(new[]
        {
            new { IpProtocol = "tcp", FromPort = port, ToPort = port, UserIdGroupPairs = new[] { new { GroupId = peerId, Description = description } } },
        });
        var answer = await moto.AwsCliAsync("ec2", command, "--group-id", groupId, "--ip-permissions", permissions);
        var rule = answer.GetProperty("SecurityGroupRules")[0];
        Assert.Equal(description, rule.TryGetProperty("Description", out var returned) ? returned.GetString() : null);
        return rule.GetProperty("SecurityGroupRuleId").GetString()!;
    }

    private async Task<string?> DescribedRuleDescriptionAsync(string ruleId)
    {
        var rule = (await moto.AwsCliAsync("ec2", "describe-security-group-rules", "--security-group-rule-ids", ruleId))
            .GetProperty("SecurityGroupRules")[0];
        return rule.TryGetProperty("Description", out var description) ? description.GetString() : null;
    }
}

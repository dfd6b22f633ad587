using MlflowDeploy.Aws;

namespace MlflowDeploy.Tests.Aws;

/// <summary>Each typed client reads back what the awscli created in a real moto_server.</summary>
public sealed class AwsClientsMotoTests(MotoAwsScenario moto) : IClassFixture<MotoAwsScenario>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<string> RegisterTaskDefinitionAsync(string family) =>
        (await moto.AwsCliAsync("ecs", "register-task-definition", "--family", family, "--network-mode", "awsvpc",
            "--requires-compatibilities", "FARGATE", "--cpu", "256", "--memory", "512", "--container-definitions",
            // moto's RunTask needs container-level cpu and memory.
            """[{"name":"mlflow","image":"ghcr.io/mlflow/mlflow:v2.22.0","cpu":256,"memory":512,"portMappings":[{"containerPort":5000}]}]"""))
        .GetProperty("taskDefinition").GetProperty("taskDefinitionArn").GetString()!;

    [Fact]
    public async Task DescribeServices_reads_running_and_desired_counts_and_reports_a_missing_service()
    {
        await moto.AwsCliAsync("ecs", "create-cluster", "--cluster-name", "svc-cluster");
        var taskDefinition = await RegisterTaskDefinitionAsync("svc-family");
        await moto.AwsCliAsync("ecs", "create-service", "--cluster", "svc-cluster", "--service-name", "mlflow", "--task-definition", taskDefinition,
            "--desired-count", "2", "--launch-type", "FARGATE", "--network-configuration",
            $"awsvpcConfiguration={{subnets=[{moto.SubnetIds[0]}],securityGroups=[{moto.SecurityGroupId}]}}");

        var result = await moto.Clients.Ecs.DescribeServicesAsync("svc-cluster", ["mlflow", "ghost"], None);

        var service = Assert.Single(result.Services);
        Assert.Equal(("mlflow", "ACTIVE", 2, 2, taskDefinition), (service.ServiceName, service.Status, service.DesiredCount, service.RunningCount, service.TaskDefinition));
        Assert.Equal("COMPLETED", Assert.Single(service.Deployments).RolloutState);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("MISSING", failure.Reason);
        Assert.EndsWith("/ghost", failure.Arn);
        Assert.Null(await moto.Clients.Ecs.DescribeServiceAsync("svc-cluster", "ghost", None));
    }

    [Fact]
    public async Task RunTask_then_ListTasks_and_DescribeTasks_read_status_and_private_address_and_the_address_registers_as_a_healthy_target()
    {
        await moto.AwsCliAsync("ecs", "create-cluster", "--cluster-name", "task-cluster");
        var taskDefinition = await RegisterTaskDefinitionAsync("task-family");

        var run = await moto.Clients.Ecs.RunTaskAsync(
            new EcsRunTaskRequest("task-cluster", taskDefinition, [moto.SubnetIds[0]], [moto.SecurityGroupId], StartedBy: "mlflow-local"), None);
        var started = Assert.Single(run.Tasks);
        Assert.Empty(run.Failures);

        var arns = await moto.Clients.Ecs.ListTaskArnsAsync("task-cluster", null, "RUNNING", None);
        Assert.Contains(started.TaskArn, arns);

        var described = Assert.Single((await moto.Clients.Ecs.DescribeTasksAsync("task-cluster", [started.TaskArn], None)).Tasks);
        Assert.Equal((started.TaskArn, taskDefinition, "RUNNING"), (described.TaskArn, described.TaskDefinitionArn, described.DesiredStatus));
        Assert.NotNull(described.LastStatus);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", described.PrivateIpv4Address);
        Assert.Equal("mlflow", Assert.Single(described.Containers).Name);

        // The same address behind an ALB's target group, as the local Fargate stand-in does it.
        var loadBalancerArn = (await moto.AwsCliAsync("elbv2", "create-load-balancer", "--name", "mlflow-alb", "--subnets", moto.SubnetIds[0], moto.SubnetIds[1],
            "--security-groups", moto.SecurityGroupId)).GetProperty("LoadBalancers")[0].GetProperty("LoadBalancerArn").GetString()!;
        var targetGroupArn = (await moto.AwsCliAsync("elbv2", "create-target-group", "--name", "mlflow-tg", "--protocol", "HTTP", "--port", "5000",
            "--vpc-id", moto.VpcId, "--target-type", "ip", "--health-check-path", "/health")).GetProperty("TargetGroups")[0].GetProperty("TargetGroupArn").GetString()!;
        await moto.AwsCliAsync("elbv2", "create-listener", "--load-balancer-arn", loadBalancerArn, "--protocol", "HTTP", "--port", "80",
            "--default-actions", $"Type=forward,TargetGroupArn={targetGroupArn}");

        var loadBalancer = await moto.Clients.LoadBalancing.DescribeLoadBalancerAsync(loadBalancerArn, None);
        Assert.NotNull(loadBalancer);
        Assert.Equal(("mlflow-alb", "active", "application"), (loadBalancer.Name, loadBalancer.StateCode, loadBalancer.Type));
        Assert.False(string.IsNullOrEmpty(loadBalancer.DnsName));

        var group = Assert.Single(await moto.Clients.LoadBalancing.DescribeTargetGroupsAsync([targetGroupArn], null, None));
        Assert.Equal(("mlflow-tg", 5000, "HTTP", "ip", "/health"), (group.Name, group.Port, group.Protocol, group.TargetType, group.HealthCheckPath));
        Assert.Contains(loadBalancerArn, group.LoadBalancerArns);

        Assert.Empty(await moto.Clients.LoadBalancing.DescribeTargetHealthAsync(targetGroupArn, None));
        await moto.Clients.LoadBalancing.RegisterTargetsAsync(targetGroupArn, [new TargetToRegister(described.PrivateIpv4Address!, 5000)], None);
        var health = Assert.Single(await moto.Clients.LoadBalancing.DescribeTargetHealthAsync(targetGroupArn, None));
        Assert.Equal((described.PrivateIpv4Address, 5000, "healthy"), (health.Id, health.Port, health.State));

        Assert.Null(await moto.Clients.LoadBalancing.DescribeLoadBalancerAsync(loadBalancerArn.Replace("mlflow-alb", "no-such-alb"), None));
    }

    [Fact]
    public async Task PutLogEvents_then_FilterLogEvents_follows_pages_and_stops_at_the_page_bound()
    {
        await moto.AwsCliAsync("logs", "create-log-group", "--log-group-name", "/ecs/mlflow-test");
        await moto.Clients.Logs.CreateLogStreamAsync("/ecs/mlflow-test", "mlflow/mlflow/task-1", None);
        await moto.Clients.Logs.CreateLogStreamAsync("/ecs/mlflow-test", "mlflow/mlflow/task-1", None); // again: already exists is fine
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var events = Enumerable.Range(0, 25)
            .Select(i => new LogEvent(DateTimeOffset.FromUnixTimeMilliseconds(start.ToUnixTimeMilliseconds() + i * 1000), $"line {i:00}"))
            .Reverse().ToList(); // out of order on purpose: the client sorts
        await moto.Clients.Logs.PutLogEventsAsync("/ecs/mlflow-test", "mlflow/mlflow/task-1", events, None);

        var all = await moto.Clients.Logs.FilterLogEventsAsync("/ecs/mlflow-test", start.AddSeconds(-1), null, null, None, maxPages: 10, pageSize: 10);
        Assert.False(all.Truncated);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"line {i:00}"), all.Events.Select(e => e.Message));
        Assert.All(all.Events, e => Assert.Equal("mlflow/mlflow/task-1", e.LogStreamName));

        var bounded = await moto.Clients.Logs.FilterLogEventsAsync("/ecs/mlflow-test", start.AddSeconds(-1), null, null, None, maxPages: 2, pageSize: 10);
        Assert.True(bounded.Truncated);
        Assert.Equal(20, bounded.Events.Count);

        var group = Assert.Single(await moto.Clients.Logs.DescribeLogGroupsAsync("/ecs/mlflow-t", None));
        Assert.Equal("/ecs/mlflow-test", group.Name);
    }

    [Fact]
    public async Task DescribeDBInstances_reads_the_fields_Verify_checks()
    {
        await moto.AwsCliAsync("rds", "create-db-instance", "--db-instance-identifier", "mlflow-db", "--engine", "postgres", "--engine-version", "15.8",
            "--db-instance-class", "db.t4g.micro", "--allocated-storage", "20", "--master-username", "mlflow", "--master-user-password", "not-a-real-secret-1",
            "--storage-encrypted", "--backup-retention-period", "7", "--no-publicly-accessible");

        var db = await moto.Clients.Rds.DescribeDbInstanceAsync("mlflow-db", None);

        Assert.NotNull(db);
        Assert.Equal(("mlflow-db", "available", "postgres", "15.8", "db.t4g.micro"), (db.Identifier, db.Status, db.Engine, db.EngineVersion, db.InstanceClass));
        Assert.Equal((true, false, 7), (db.StorageEncrypted, db.PubliclyAccessible, db.BackupRetentionPeriod));
        Assert.False(string.IsNullOrEmpty(db.EndpointAddress));
        Assert.Equal(5432, db.EndpointPort);
        Assert.Null(await moto.Clients.Rds.DescribeDbInstanceAsync("no-such-db", None));
    }

    [Fact]
    public async Task S3_reads_bucket_existence_region_and_versioning_and_STS_the_caller()
    {
        await moto.AwsCliAsync("s3api", "create-bucket", "--bucket", "mlflow-artifacts-test", "--create-bucket-configuration", "LocationConstraint=eu-west-2");
        await moto.AwsCliAsync("s3api", "put-bucket-versioning", "--bucket", "mlflow-artifacts-test", "--versioning-configuration", "Status=Enabled");
        await moto.AwsCliAsync("s3api", "create-bucket", "--bucket", "mlflow-old-bucket", "--region", "us-east-1");

        Assert.True(await moto.Clients.S3.BucketExistsAsync("mlflow-artifacts-test", None));
        Assert.False(await moto.Clients.S3.BucketExistsAsync("mlflow-no-such-bucket", None));
        Assert.Equal("eu-west-2", await moto.Clients.S3.GetBucketRegionAsync("mlflow-artifacts-test", None));
        Assert.Equal("us-east-1", await moto.Clients.S3.GetBucketRegionAsync("mlflow-old-bucket", None));
        Assert.Equal("Enabled", await moto.Clients.S3.GetBucketVersioningAsync("mlflow-artifacts-test", None));
        Assert.Equal("Off", await moto.Clients.S3.GetBucketVersioningAsync("mlflow-old-bucket", None));

        var caller = await moto.Clients.Sts.GetCallerIdentityAsync(None);
        Assert.Equal("123456789012", caller.Account);
        Assert.StartsWith("arn:aws:", caller.Arn);
    }
}

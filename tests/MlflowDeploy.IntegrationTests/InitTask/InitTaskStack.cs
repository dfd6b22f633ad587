using MlflowDeploy.InitTask;
using MlflowDeploy.Tests.Aws;

namespace MlflowDeploy.Tests.InitTask;

/// <summary>
/// What infra/ creates and the init hook reads, made with the awscli in a moto scenario under its own names: a
/// cluster, the container's log group, a task definition shaped like infra/ecs.tf's (awslogs, the version tag),
/// and optionally the database and the service running an older version.
/// </summary>
internal static class InitTaskStack
{
    public static async Task<string> RegisterTaskDefinitionAsync(MotoAwsScenario moto, string family, string logGroup, string? version) =>
        (await moto.AwsCliAsync(
            [
                "ecs", "register-task-definition", "--family", family, "--network-mode", "awsvpc", "--requires-compatibilities", "FARGATE",
                "--cpu", "256", "--memory", "512", "--container-definitions",
                $$$$"""[{"name":"mlflow","image":"123456789012.dkr.ecr.eu-west-2.amazonaws.com/mlflow@sha256:{{{{new string('1', 64)}}}}","cpu":256,"memory":512,"command":["serve","--port","5000"],"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"{{{{logGroup}}}}","awslogs-region":"eu-west-2","awslogs-stream-prefix":"mlflow"}}}]""",
                .. version is null ? Array.Empty<string>() : ["--tags", $"key={MigrationSnapshot.VersionTag},value={version}"],
            ]))
        .GetProperty("taskDefinition").GetProperty("taskDefinitionArn").GetString()!;

    /// <summary>Settings as infra/init.tf's provisioner would pass them for stack <paramref name="name"/>.</summary>
    public static async Task<InitTaskSettings> CreateAsync(MotoAwsScenario moto, string name, string version = "2.18.0", IReadOnlyDictionary<string, string>? authSecrets = null)
    {
        await moto.AwsCliAsync("ecs", "create-cluster", "--cluster-name", name);
        await moto.AwsCliAsync("logs", "create-log-group", "--log-group-name", $"/ecs/{name}");
        var taskDefinition = await RegisterTaskDefinitionAsync(moto, name, $"/ecs/{name}", version);
        return new InitTaskSettings
        {
            Environment = "local",
            Stack = name,
            Region = "eu-west-2",
            Cluster = name,
            Service = name,
            TaskDefinition = taskDefinition,
            Container = "mlflow",
            Subnets = moto.SubnetIds,
            SecurityGroups = [moto.SecurityGroupId],
            MlflowVersion = version,
            DbInstance = $"{name}-db",
            AuthSecrets = authSecrets ?? new Dictionary<string, string>(),
            TaskTimeout = TimeSpan.FromMinutes(2),
            SnapshotTimeout = TimeSpan.FromMinutes(2),
        };
    }

    public static Task CreateDatabaseAsync(MotoAwsScenario moto, string identifier) =>
        moto.AwsCliAsync("rds", "create-db-instance", "--db-instance-identifier", identifier, "--engine", "postgres",
            "--db-instance-class", "db.t3.micro", "--master-username", "mlflow", "--manage-master-user-password", "--allocated-storage", "20");

    /// <summary>The service as the last deploy left it: on a task definition of <paramref name="version"/> (null: untagged).</summary>
    public static async Task CreateServiceAsync(MotoAwsScenario moto, InitTaskSettings settings, string? version)
    {
        var previous = await RegisterTaskDefinitionAsync(moto, settings.Stack, $"/ecs/{settings.Stack}", version);
        await moto.AwsCliAsync("ecs", "create-service", "--cluster", settings.Cluster, "--service-name", settings.Service, "--task-definition", previous,
            "--desired-count", "1", "--launch-type", "FARGATE", "--network-configuration",
            $"awsvpcConfiguration={{subnets=[{moto.SubnetIds[0]}],securityGroups=[{moto.SecurityGroupId}]}}");
    }
}

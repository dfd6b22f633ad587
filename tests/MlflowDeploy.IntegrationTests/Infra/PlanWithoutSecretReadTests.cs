using MlflowDeploy.Aws;
using System.Text.Json;
using MlflowDeploy.Local;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Preflight;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Infra;

/// <summary>
/// D1, proven with real terraform against moto with IAM enforcement on: an applied stack plans again cleanly for an
/// identity that is denied <c>secretsmanager:GetSecretValue</c>, so the plan role never needs (and PR code can never
/// get) a secret value; and the task definition takes the password from the secret RDS itself manages.
/// </summary>
public sealed class PlanWithoutSecretReadTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed record AccessKey(string Id, string Secret);

    /// <summary>Two users made by the emulator's administrator: one allowed everything, one denied every secret value.</summary>
    private static async Task<(AccessKey Admin, AccessKey Planner)> UsersAsync(Uri endpoint, AwsCredentials administrator)
    {
        const string script = """
            import boto3, json, sys
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="eu-west-2", aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
            def user(name, statements):
                iam.create_user(UserName=name)
                iam.put_user_policy(UserName=name, PolicyName="policy", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
                key = iam.create_access_key(UserName=name)["AccessKey"]
                return [key["AccessKeyId"], key["SecretAccessKey"]]
            everything = {"Effect": "Allow", "Action": "*", "Resource": "*"}
            no_values = {"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
            print(json.dumps([user("deployer", [everything]), user("planner", [everything, no_values])]))
            """;
        var result = await ExternalProcess.RunAsync("python3", ["-c", script, endpoint.ToString(), administrator.AccessKeyId, administrator.SecretAccessKey], TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = null, ["AWS_PROFILE"] = null });
        Assert.True(result.ExitCode == 0, result.StandardError);
        var keys = JsonSerializer.Deserialize<string[][]>(result.StandardOutput)!;
        return (new AccessKey(keys[0][0], keys[0][1]), new AccessKey(keys[1][0], keys[1][1]));
    }

    private static Dictionary<string, string?> Account(Uri endpoint, AccessKey key) => new()
    {
        ["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/'),
        ["AWS_ACCESS_KEY_ID"] = key.Id,
        ["AWS_SECRET_ACCESS_KEY"] = key.Secret,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_REGION"] = "eu-west-2",
        ["AWS_DEFAULT_REGION"] = "eu-west-2",
    };

    private static async Task<JsonElement> AwsAsync(Dictionary<string, string?> account, params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("aws", ["--output", "json", .. arguments], CommandDeadline.Helper, environment: account);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)}: {result.StandardError.Trim()}");
        }

        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    [Fact]
    public async Task An_applied_stack_plans_clean_for_an_identity_denied_every_secret_value()
    {
        var motoLog = Path.Combine(Path.GetTempPath(), $"moto-iam-{Guid.NewGuid():N}.log");
        // The launcher's enforcement, not moto's alone: moto's own S3 signature check refuses the Go SDK's requests
        // (terraform's S3 backend), which the launcher checks over the request as sent.
        await using var moto = await MotoEmulator.StartAsync(new MotoOptions { LogFile = motoLog, EcsServiceRunning = 2, IamEnforced = true }, None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var administrator = await EmulatedIdentity.CreateAdministratorAsync(moto.Endpoint, http, None);
        var (deployerKey, plannerKey) = await UsersAsync(moto.Endpoint, administrator);
        var deployer = Account(moto.Endpoint, deployerKey);
        var planner = Account(moto.Endpoint, plannerKey);
        using var repository = new PreflightRepository();
        var environment = repository.Environment("local-iam");
        var log = new List<string>();
        void Log(string line)
        {
            lock (log) log.Add(line);
        }

        try
        {
            // The state lives in the emulator, as for every emulated environment: its bucket first.
            await AwsAsync(deployer, "s3api", "create-bucket", "--bucket", StateBackend.EmulatedStateBucket, "--create-bucket-configuration", "LocationConstraint=eu-west-2");
            var asDeployer = TerraformWorkspace.Create(environment, TerraformSettings.FromEnvironment(), deployer, Log);
            await asDeployer.InitAsync(StateBackend.For(environment, "eu-west-2"), None);
            var plan = environment.Artifacts.PlanFile;
            await asDeployer.PlanAsync(plan, destroy: false, None);
            await asDeployer.ApplyAsync(plan, None);

            // Enforcement is on: the planner's identity really cannot read a secret value.
            using var outputs = await asDeployer.OutputsAsync(None);
            var dbSecret = outputs.RootElement.GetProperty("db_credentials_secret_arn").GetProperty("value").GetString()!;
            var denied = await ExternalProcess.RunAsync("aws", ["secretsmanager", "get-secret-value", "--secret-id", dbSecret], CommandDeadline.Helper, environment: planner);
            Assert.Contains("AccessDenied", denied.StandardError);

            var asPlanner = TerraformWorkspace.Create(environment, TerraformSettings.FromEnvironment(), planner, Log);
            var changes = await asPlanner.PlanAsync(environment.Artifacts.ReplanFile, destroy: false, None);

            Assert.False(changes, "the planner's plan after apply is not clean:\n" + string.Join('\n', log.TakeLast(60)));
            Assert.DoesNotContain(log, l => l.Contains("GetSecretValue", StringComparison.Ordinal));

            // The password the tasks get is the one RDS manages: the instance's own secret, by reference.
            var instance = (await AwsAsync(deployer, "rds", "describe-db-instances", "--db-instance-identifier", "mlflow-local-db")).GetProperty("DBInstances")[0];
            Assert.Equal(dbSecret, instance.GetProperty("MasterUserSecret").GetProperty("SecretArn").GetString());
            var taskDefinition = outputs.RootElement.GetProperty("task_definition_arn").GetProperty("value").GetString()!;
            var container = (await AwsAsync(deployer, "ecs", "describe-task-definition", "--task-definition", taskDefinition))
                .GetProperty("taskDefinition").GetProperty("containerDefinitions")[0];
            var secrets = container.GetProperty("secrets").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("valueFrom").GetString()!);
            Assert.Equal(dbSecret + ":password::", secrets["PGPASSWORD"]);
            var environmentVariables = container.GetProperty("environment").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString()!);
            Assert.StartsWith("postgresql://mlflow@", environmentVariables["MLFLOW_BACKEND_STORE_URI"]);

            // No secret version is managed by the stack at all.
            var stateFile = Path.Combine(repository.Root, "state.json");
            await AwsAsync(deployer, "s3api", "get-object", "--bucket", StateBackend.EmulatedStateBucket, "--key", $"mlflow-deploy/{environment.Name}/terraform.tfstate", stateFile);
            Assert.DoesNotContain("aws_secretsmanager_secret_version", await File.ReadAllTextAsync(stateFile));
        }
        finally
        {
            foreach (var line in log)
                output.WriteLine(line);
        }
    }
}

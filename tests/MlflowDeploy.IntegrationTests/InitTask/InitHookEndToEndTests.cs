using System.Text.Json;
using MlflowDeploy.InitTask;
using MlflowDeploy.Local;
using MlflowDeploy.Terraform;
using MlflowDeploy.Tests.Infra;
using MlflowDeploy.Tests.Preflight;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.InitTask;

/// <summary>
/// The init hook as terraform runs it: real terraform applying the real stack (a local-* environment) against a real
/// moto, the hook called back through infra/init.tf's provisioner. Three deploys: the first seeds the secrets and
/// runs the init task, a version bump snapshots the database first, and a staged migration failure stops the apply
/// before the service moves. Nothing the deploys leave behind holds a seeded secret value.
/// </summary>
public sealed class InitHookEndToEndTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class Deploy(PreflightRepository repository, MotoEmulator moto, List<string> log)
    {
        public Dictionary<string, string?> Account { get; } = new()
        {
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_REGION"] = "eu-west-2",
            ["AWS_DEFAULT_REGION"] = "eu-west-2",
            [SimulatedInitTaskHost.StagedFailureVariable] = null,
        };

        public MlflowDeploy.Environments.DeployEnvironment Environment { get; private set; } = null!;

        public List<string> Log => log;

        /// <summary>Plans and applies the local settings with <paramref name="version"/>; returns the plan file.</summary>
        public async Task<string> ApplyAsync(string version, string? stagedFailure = null)
        {
            Environment = repository.Environment("local-init", new Dictionary<string, string?> { ["mlflow_version"] = $"\"{version}\"" });
            var account = new Dictionary<string, string?>(Account) { [SimulatedInitTaskHost.StagedFailureVariable] = stagedFailure };
            var terraform = TerraformWorkspace.Create(Environment, TerraformSettings.FromEnvironment(), account, line =>
            {
                lock (log) log.Add(line);
            });
            // An emulated environment keeps its state in the emulator's own bucket.
            await ExternalProcess.RunAsync("aws", ["s3api", "create-bucket", "--bucket", StateBackend.EmulatedStateBucket, "--create-bucket-configuration", "LocationConstraint=eu-west-2"], CommandDeadline.Helper, environment: Account);
            await terraform.InitAsync(StateBackend.For(Environment, "eu-west-2"), None);
            var plan = Path.Combine(Environment.Artifacts.Directory, $"plan-{version}.bin");
            await terraform.PlanAsync(plan, destroy: false, None);
            await terraform.ReadPlanJsonAsync(plan, (json, _) => Task.FromResult(File.ReadAllText(json)), None)
                .ContinueWith(t => { lock (log) log.Add("PLAN JSON " + t.Result); }, TaskScheduler.Default);
            await terraform.ApplyAsync(plan, None);
            return plan;
        }

        public async Task<JsonElement> OutputsAsync()
        {
            var terraform = TerraformWorkspace.Create(Environment, TerraformSettings.FromEnvironment(), Account, _ => { });
            using var outputs = await terraform.OutputsAsync(None);
            return outputs.RootElement.Clone();
        }

        public async Task<JsonElement> AwsAsync(params string[] arguments)
        {
            var result = await ExternalProcess.RunAsync("aws", ["--output", "json", .. arguments], CommandDeadline.Helper, environment: Account);
            return result.ExitCode == 0
                ? JsonDocument.Parse(result.StandardOutput).RootElement.Clone()
                : throw new InvalidOperationException($"aws {string.Join(' ', arguments)}: {result.StandardError.Trim()}");
        }
    }

    private static string Output(JsonElement outputs, string name) => outputs.GetProperty(name).GetProperty("value").GetString()!;

    [Fact]
    public async Task Seeds_once_snapshots_on_a_version_bump_and_a_failing_migration_leaves_the_service_on_its_old_task_definition()
    {
        var motoLog = Path.Combine(Path.GetTempPath(), $"moto-init-{Guid.NewGuid():N}.log");
        await using var moto = await MotoEmulator.StartAsync(new MotoOptions { LogFile = motoLog, EcsServiceRunning = 2 }, None);
        using var repository = new PreflightRepository();
        var log = new List<string>();
        var deploy = new Deploy(repository, moto, log);
        try
        {
            // 1. The first deploy: secrets seeded, no snapshot, one init task of the registered definition.
            await deploy.ApplyAsync("2.17.2");
            using (var plan = JsonDocument.Parse(log.First(l => l.StartsWith("PLAN JSON ", StringComparison.Ordinal))["PLAN JSON ".Length..]))
            {
                // The order is configuration, not luck: the service waits for the init task, which waits for the task definition.
                var resources = plan.RootElement.GetProperty("configuration").GetProperty("root_module").GetProperty("resources").EnumerateArray()
                    .ToDictionary(r => r.GetProperty("address").GetString()!, r => r);
                Assert.Contains("terraform_data.mlflow_init", resources["aws_ecs_service.mlflow"].GetProperty("depends_on").EnumerateArray().Select(d => d.GetString()));
                Assert.Contains(plan.RootElement.GetProperty("resource_changes").EnumerateArray(),
                    c => c.GetProperty("address").GetString() == "terraform_data.mlflow_init" && c.GetProperty("change").GetProperty("actions")[0].GetString() == "create");
            }

            var first = await deploy.OutputsAsync();
            var cluster = Output(first, "ecs_cluster_name");
            Assert.Contains(log, l => l.EndsWith("no running service mlflow-local yet: first deploy, no snapshot needed", StringComparison.Ordinal));
            var initTasks = (await deploy.AwsAsync("ecs", "list-tasks", "--cluster", cluster, "--started-by", InitTaskRun.StartedBy)).GetProperty("taskArns");
            var task = (await deploy.AwsAsync("ecs", "describe-tasks", "--cluster", cluster, "--tasks", Assert.Single(initTasks.EnumerateArray()).GetString()!)).GetProperty("tasks")[0];
            Assert.Equal(Output(first, "task_definition_arn"), task.GetProperty("taskDefinitionArn").GetString());
            Assert.Equal("init", task.GetProperty("overrides").GetProperty("containerOverrides")[0].GetProperty("command")[0].GetString());
            var privateSubnets = first.GetProperty("private_subnet_ids").GetProperty("value").EnumerateArray().Select(s => s.GetString()).ToList();
            var subnet = task.GetProperty("attachments")[0].GetProperty("details").EnumerateArray().First(d => d.GetProperty("name").GetString() == "subnetId").GetProperty("value").GetString();
            Assert.Contains(subnet, privateSubnets);

            var secretArns = new[] { "admin_secret_arn", "verifier_secret_arn", "flask_secret_key_secret_arn" }.Select(o => Output(first, o)).ToList();
            var seeded = new List<string>();
            foreach (var arn in secretArns)
                seeded.Add((await deploy.AwsAsync("secretsmanager", "get-secret-value", "--secret-id", arn)).GetProperty("SecretString").GetString()!);
            Assert.All(seeded, value => Assert.True(value.Length >= 40));

            // 2. A version bump: the reviewed plan replaces the init task; the snapshot named after both versions is
            // taken first, the secrets stay as they are.
            var plansBefore = log.Count(l => l.StartsWith("PLAN JSON ", StringComparison.Ordinal));
            await deploy.ApplyAsync("2.18.0");
            using (var plan = JsonDocument.Parse(log.Where(l => l.StartsWith("PLAN JSON ", StringComparison.Ordinal)).ElementAt(plansBefore)["PLAN JSON ".Length..]))
            {
                var init = plan.RootElement.GetProperty("resource_changes").EnumerateArray().Single(c => c.GetProperty("address").GetString() == "terraform_data.mlflow_init");
                Assert.Equal(["delete", "create"], init.GetProperty("change").GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
            }

            var second = await deploy.OutputsAsync();
            var snapshots = (await deploy.AwsAsync("rds", "describe-db-snapshots", "--db-instance-identifier", Output(second, "db_instance_identifier"), "--snapshot-type", "manual"))
                .GetProperty("DBSnapshots").EnumerateArray().ToList();
            var snapshot = Assert.Single(snapshots);
            Assert.Matches(@"^mlflow-local-local-2-17-2-to-2-18-0-\d{8}-\d{6}$", snapshot.GetProperty("DBSnapshotIdentifier").GetString());
            Assert.Equal("available", snapshot.GetProperty("Status").GetString());
            Assert.Contains(log, l => l.EndsWith("admin secret " + secretArns[0].Split(':')[^1][..^7] + ": has a value, kept", StringComparison.Ordinal));
            for (var i = 0; i < secretArns.Count; i++)
                Assert.Equal(seeded[i], (await deploy.AwsAsync("secretsmanager", "get-secret-value", "--secret-id", secretArns[i])).GetProperty("SecretString").GetString());
            var serving = Output(second, "task_definition_arn");
            Assert.NotEqual(Output(first, "task_definition_arn"), serving);

            // 3. A failing migration: the apply stops at the hook, with the task's last error line; the service does not move.
            var beforeFailure = log.Count;
            var failure = await Assert.ThrowsAsync<ActionableError>(() => deploy.ApplyAsync("2.19.0", stagedFailure: "relation \"runs\" does not exist"));
            Assert.StartsWith("terraform apply failed (exit 1): init.tf:", failure.Message);
            Assert.Contains(
                "local-exec provisioner error: init task ",
                failure.Message);
            Assert.EndsWith(
                "failed (exit 1): SIMULATION: mlflow-deploy: ERROR: mlflow db upgrade failed (exit 1): sqlalchemy.exc.OperationalError: "
                + "(staged by MLFLOW_DEPLOY_STAGE_INIT_FAILURE) relation \"runs\" does not exist — the service was not changed; fix the cause and re-run Apply",
                failure.Message);
            var service = (await deploy.AwsAsync("ecs", "describe-services", "--cluster", cluster, "--services", Output(second, "ecs_service_name"))).GetProperty("services")[0];
            Assert.Equal(serving, service.GetProperty("taskDefinition").GetString());
            Assert.DoesNotContain(log.Skip(beforeFailure), l => l.StartsWith("aws_ecs_service.mlflow: Modifying", StringComparison.Ordinal));
            Assert.Contains(log.Skip(beforeFailure), l => l.StartsWith("terraform_data.mlflow_init: Provisioning with 'local-exec'", StringComparison.Ordinal));

            // 4. No seeded value anywhere: plans (and their entries), state, artifacts, terraform's and the hook's output, moto's log.
            var texts = new Dictionary<string, string>
            {
                ["terraform and hook output, plan JSON"] = string.Join('\n', log),
                [motoLog] = File.ReadAllText(motoLog),
            };
            Assert.Equal([], SecretValueScan.Find(seeded, [repository.Root], texts));
            // The scan can fail: the same values written to a file are found.
            using var control = new TempDirectory();
            File.WriteAllText(Path.Combine(control.Path, "leak.txt"), "password=" + seeded[0]);
            Assert.Single(SecretValueScan.Find(seeded, [control.Path], new Dictionary<string, string>()));
        }
        finally
        {
            foreach (var line in log.Where(l => !l.StartsWith("PLAN JSON ", StringComparison.Ordinal)))
                output.WriteLine(line);
        }
    }
}

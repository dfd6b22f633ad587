using System.Text.Json;
using System.Text.RegularExpressions;
using MlflowDeploy.Aws;
using MlflowDeploy.DeploymentStatus;
using MlflowDeploy.InitTask;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.MlflowDouble;
using MlflowDeploy.Tests.Support;
using Xunit.Abstractions;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// Rollback on the rehearsal stack, each step one build of the real build.sh against one kept moto
/// (<c>MLFLOW_DEPLOY_EMULATOR_URL</c>), real terraform and the init hook it calls back: deploy MLflow 2.17.2, deploy
/// 2.18.0 (a tfvars change, as a merge makes it), Rollback, and Verify finds the stack on 2.17.2 — the MLflow double
/// standing in for the image serves 2.17.2 and passes, one serving 2.18.0 fails. Then 2.18.0 again with a schema
/// migration staged in the stand-in: Rollback refuses in one line, naming the snapshot the hook took before it, and
/// changes nothing. Four applies in all, on purpose no more.
/// </summary>
public sealed class RollbackTests(ITestOutputHelper log)
{
    private const string Region = "eu-west-2";
    private const string EnvironmentName = "local-rollback";
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Rollback_goes_back_to_the_previous_release_and_refuses_after_a_schema_migration_naming_the_snapshot()
    {
        using var repository = new RepositoryCopy();
        using var environment = new TemporaryEnvironment(EnvironmentName, new Dictionary<string, string> { ["mlflow_version"] = "\"2.17.2\"" }, repository.Path);
        var motoLog = Path.Combine(Path.GetTempPath(), $"moto-{EnvironmentName}-{Guid.NewGuid():N}.log");
        await using var moto = await MotoEmulator.StartAsync(new MotoOptions { LogFile = motoLog, EcsServiceRunning = 2 }, CancellationToken.None);
        var endpoint = moto.Endpoint.ToString().TrimEnd('/');
        var account = new Dictionary<string, string?>
        {
            ["MLFLOW_DEPLOY_EMULATOR_URL"] = endpoint,
            [SimulatedInitTaskHost.StagedMigrationVariable] = null,
            [SimulatedInitTaskHost.StagedFailureVariable] = null,
        };
        using var aws = AwsClients.Create(new AwsCredentials("testing", "testing"), Region,
            name => name == "AWS_ENDPOINT_URL" ? endpoint : null);

        async Task<BuildScript.Result> Build(IReadOnlyDictionary<string, string?> variables, params string[] arguments)
        {
            var result = await BuildScript.RunInAsync(repository.Path, BuildDeadline, variables, [.. arguments, $"--environment={EnvironmentName}"]);
            log.WriteLine($"--- {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.All}");
            return result;
        }

        async Task Deploy(string version, IReadOnlyDictionary<string, string?>? applyVariables = null)
        {
            File.WriteAllText(environment.VarFile, Regex.Replace(File.ReadAllText(environment.VarFile), "(?m)^mlflow_version = .*$", $"mlflow_version = \"{version}\""));
            var plan = await Build(account, "--target=Plan");
            Assert.True(plan.ExitCode == 0, plan.All);
            var apply = await Build(applyVariables ?? account, "--target=Apply");
            Assert.True(apply.ExitCode == 0, apply.All);
            Assert.Contains("plan after apply: no changes", apply.Output);
        }

        async Task<(ReleaseHistory History, string TaskDefinitionVersion)> ServiceAsync()
        {
            var service = await aws.Ecs.DescribeServiceAsync("mlflow-local", "mlflow-local", CancellationToken.None)
                ?? throw new InvalidOperationException("no service mlflow-local in the emulator");
            var definition = await aws.Ecs.DescribeTaskDefinitionAsync(service.TaskDefinition!, CancellationToken.None);
            return (ReleaseHistory.FromTags(service.Tags), definition.Tags[MigrationSnapshot.VersionTag]);
        }

        // Two releases, each applied from its tfvars; each Apply records its release and the one before it.
        await Deploy("2.17.2");
        var first = await ServiceAsync();
        Assert.Equal("2.17.2", first.History.Current?.MlflowVersion);
        Assert.Null(first.History.Previous);

        await Deploy("2.18.0");
        var second = await ServiceAsync();
        Assert.Equal(("2.18.0", "2.17.2", "2.18.0"), (second.History.Current?.MlflowVersion, second.History.Previous?.MlflowVersion, second.TaskDefinitionVersion));
        Assert.Null(second.History.MigrationSincePrevious); // the stand-in's default: the schema was already current

        // Rollback: a reviewed plan of the previous release as overrides, applied through Apply's own path.
        var rollback = await Build(account, "--target=Rollback");
        Assert.True(rollback.ExitCode == 0, rollback.All);
        Assert.Contains("from MLflow 2.18.0 (…@sha256:000000000000) to the previous release MLflow 2.17.2 (…@sha256:000000000000)", rollback.Output);
        Assert.Contains("**Overrides** (this plan only, on top of the tfvars): `mlflow_version=2.17.2`", File.ReadAllText(Path.Combine(environment.Artifacts, "plan-summary.md")));
        Assert.Contains("terraform_data.mlflow_init", rollback.Output); // the init task runs for the old version too
        Assert.Contains("plan after apply: no changes", rollback.Output); // the clean-plan check repeats the overrides
        var rolledBack = await ServiceAsync();
        Assert.Equal(("2.17.2", "2.18.0", "2.17.2"), (rolledBack.History.Current?.MlflowVersion, rolledBack.History.Previous?.MlflowVersion, rolledBack.TaskDefinitionVersion));

        // Verify compares what MLflow serves with the state's mlflow_version: the old release passes, the newer one fails.
        await using (var old = await MlflowDoubleServer.StartAsync(version: "2.17.2"))
        {
            var verify = await Build(account, "--target=Verify", $"--mlflow-url={old.BaseUrl}", "--timeout=120s");
            Assert.True(verify.ExitCode == 0, verify.All);
            using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(environment.Artifacts, "verify.json")));
            Assert.Equal("healthy", report.RootElement.GetProperty("outcome").GetString());
        }

        await using (var newer = await MlflowDoubleServer.StartAsync(version: "2.18.0"))
        {
            var verify = await Build(account, "--target=Verify", $"--mlflow-url={newer.BaseUrl}", "--timeout=60s");
            Assert.NotEqual(0, verify.ExitCode);
            Assert.Contains("serving MLflow 2.18.0, expected 2.17.2", verify.All);
        }

        // Forward again to 2.18.0, whose init task now migrates the schema (staged in the stand-in).
        var staged = new Dictionary<string, string?>(account) { [SimulatedInitTaskHost.StagedMigrationVariable] = "add a column to runs" };
        await Deploy("2.18.0", staged);
        var migrated = await ServiceAsync();
        var snapshot = migrated.History.MigrationSincePrevious;
        Assert.NotNull(snapshot);
        // Named <stack>-<environment>-<from>-to-<to>-<UTC time>; the temporary environment keeps local.tfvars' environment = "local".
        Assert.Matches(@"^mlflow-local-local-2-17-2-to-2-18-0-\d{8}-\d{6}$", snapshot);
        Assert.True((await aws.Rds.DescribeDbSnapshotAsync(snapshot, CancellationToken.None))?.IsAvailable);

        var refused = await Build(account, "--target=Rollback");
        Assert.Equal(2, refused.ExitCode);
        var line = Assert.Single(refused.Error.Split('\n'), l => l.StartsWith('✖'));
        Assert.Contains("Rollback refused: a schema migration ran since MLflow 2.17.2", line);
        Assert.Contains($"--target=Restore --snapshot={snapshot} --environment={EnvironmentName}", line);
        Assert.DoesNotContain("Apply complete", refused.Output);
        Assert.DoesNotContain("Plan:", refused.Output);
        var after = await ServiceAsync();
        Assert.Equal(migrated, after);
    }
}

using MlflowDeploy.Local;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// A deployed stack whose next plan replaces the RDS instance: Apply refuses that plan without
/// --allow-data-loss, naming the address, and the database stays. Each stage is its own build, as in CI,
/// against one emulator the test keeps running (MLFLOW_DEPLOY_EMULATOR_URL). It uses an environment of its
/// own (local-dataloss), so it runs beside the tests of the repository's local environment.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DataLossEndToEndTests
{
    [Fact]
    public async Task Apply_refuses_a_plan_that_replaces_the_database_unless_data_loss_is_allowed()
    {
        using var environment = new TemporaryEnvironment("dataloss", new Dictionary<string, string> { ["db_name"] = "\"mlflow\"" });
        await using var moto = await MotoEmulator.StartAsync(
            new MotoOptions { LogFile = Path.Combine(environment.Artifacts, "moto.log"), EcsServiceRunning = 2 },
            CancellationToken.None);
        var settings = new Dictionary<string, string?> { ["MLFLOW_DEPLOY_EMULATOR_URL"] = moto.Endpoint.ToString() };
        var env = $"--environment={environment.Name}";
        async Task<BuildScript.Result> Build(params string[] arguments)
        {
            var result = await BuildScript.RunAsync(TimeSpan.FromMinutes(8), settings, [.. arguments, env]);
            return result;
        }

        try
        {
            var plan = await Build("--target=Plan");
            Assert.True(plan.ExitCode == 0, plan.All);
            var apply = await Build("--target=Apply");
            Assert.True(apply.ExitCode == 0, apply.All);

            // A new database name forces a new instance: terraform plans a replace of aws_db_instance.
            environment.Write(new Dictionary<string, string> { ["db_name"] = "\"mlflow_v2\"" });
            var replan = await Build("--target=Plan");
            Assert.True(replan.ExitCode == 0, replan.All);
            Assert.Contains("aws_db_instance.mlflow", replan.Output);

            var refused = await Build("--target=Apply");

            Assert.Equal(1, refused.ExitCode);
            var line = Assert.Single(refused.Error.Split('\n'), l => l.StartsWith('✖'));
            Assert.Contains("aws_db_instance.mlflow", line);
            Assert.Contains("--allow-data-loss", line);
            Assert.DoesNotContain("Destroying...", refused.Output);
            Assert.DoesNotContain("Apply complete", refused.Output);
        }
        finally
        {
            await Build("--target=Destroy");
        }
    }
}

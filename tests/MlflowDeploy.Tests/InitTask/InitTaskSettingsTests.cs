using MlflowDeploy.InitTask;

namespace MlflowDeploy.Tests.InitTask;

/// <summary>The MLFLOW_INIT_* contract between infra/init.tf and the hook.</summary>
public sealed class InitTaskSettingsTests
{
    private static Dictionary<string, string?> Provisioner() => new()
    {
        ["MLFLOW_INIT_ENVIRONMENT"] = "production",
        ["MLFLOW_INIT_STACK"] = "mlflow-prod",
        ["MLFLOW_INIT_REGION"] = "eu-west-2",
        ["MLFLOW_INIT_CLUSTER"] = "mlflow-prod",
        ["MLFLOW_INIT_SERVICE"] = "mlflow-prod",
        ["MLFLOW_INIT_TASK_DEFINITION"] = "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-prod:7",
        ["MLFLOW_INIT_CONTAINER"] = "mlflow",
        ["MLFLOW_INIT_SUBNETS"] = "subnet-a,subnet-b",
        ["MLFLOW_INIT_SECURITY_GROUPS"] = "sg-1",
        ["MLFLOW_INIT_MLFLOW_VERSION"] = "2.18.0",
        ["MLFLOW_INIT_DB_INSTANCE"] = "mlflow-prod-db",
        ["MLFLOW_INIT_AUTH_SECRETS"] = """{"admin":"arn:admin","flask_secret_key":"arn:flask","verifier":"arn:verifier"}""",
        ["MLFLOW_INIT_TIMEOUT_MINUTES"] = "15",
        ["MLFLOW_INIT_SNAPSHOT_TIMEOUT_MINUTES"] = "20",
    };

    [Fact]
    public void Reads_every_value_the_provisioner_sets()
    {
        var values = Provisioner();

        var settings = InitTaskSettings.FromEnvironment(values.GetValueOrDefault);

        Assert.Equal(["subnet-a", "subnet-b"], settings.Subnets);
        Assert.Equal(["sg-1"], settings.SecurityGroups);
        Assert.Equal("arn:verifier", settings.AuthSecrets["verifier"]);
        Assert.Equal((TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(20)), (settings.TaskTimeout, settings.SnapshotTimeout));
        Assert.False(settings.UsesEmulator);
    }

    [Theory]
    [InlineData("local", true)]
    [InlineData("local-ci", true)]
    [InlineData("localhost", false)]
    [InlineData("staging", false)]
    public void Only_local_environments_use_the_emulator(string environment, bool emulated)
    {
        var values = Provisioner();
        values["MLFLOW_INIT_ENVIRONMENT"] = environment;

        Assert.Equal(emulated, InitTaskSettings.FromEnvironment(values.GetValueOrDefault).UsesEmulator);
    }

    [Fact]
    public void Without_auth_the_secret_list_is_empty()
    {
        var values = Provisioner();
        values["MLFLOW_INIT_AUTH_SECRETS"] = "{}";

        Assert.Empty(InitTaskSettings.FromEnvironment(values.GetValueOrDefault).AuthSecrets);
    }

    [Theory]
    [InlineData("MLFLOW_INIT_CLUSTER", null, "MLFLOW_INIT_CLUSTER is not set: the init hook runs from infra/init.tf's provisioner, which sets it — run the deploy through ./build.sh")]
    [InlineData("MLFLOW_INIT_TIMEOUT_MINUTES", "soon", "MLFLOW_INIT_TIMEOUT_MINUTES='soon' is not a whole number of minutes — check the variable that feeds it in infra/init.tf")]
    [InlineData("MLFLOW_INIT_AUTH_SECRETS", "[1,2]", "MLFLOW_INIT_AUTH_SECRETS is not a JSON object of secret ARNs — check infra/init.tf")]
    public void A_missing_or_malformed_value_is_one_line_naming_it(string name, string? value, string expected)
    {
        var values = Provisioner();
        values[name] = value;

        var error = Assert.Throws<ActionableError>(() => InitTaskSettings.FromEnvironment(values.GetValueOrDefault));

        Assert.Equal((expected, 2), (error.Message, error.ExitCode));
    }
}

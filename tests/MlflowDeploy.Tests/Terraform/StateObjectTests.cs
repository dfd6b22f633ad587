using MlflowDeploy.Environments;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

public sealed class StateObjectTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("state-object-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private DeployEnvironment Environment(string name, string? backendText = null)
    {
        string? backend = null;
        if (backendText is not null)
        {
            backend = Path.Combine(_folder, name + ".backend.hcl");
            File.WriteAllText(backend, backendText);
        }

        return new DeployEnvironment { Name = name, RepositoryRoot = _folder, VarFile = Path.Combine(_folder, name + ".tfvars"), BackendConfigFile = backend };
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void An_emulated_environment_reads_the_object_init_points_terraform_at()
    {
        var local = Environment("local");
        var state = StateObject.TryLocate(local, "eu-west-2", Variables(), out _);

        Assert.Equal(new StateObject(StateBackend.EmulatedStateBucket, "mlflow-deploy/local/terraform.tfstate", "eu-west-2"), state);
        Assert.Contains($"-backend-config=key={state!.Key}", StateBackend.For(local, "eu-west-2").InitArguments);
    }

    [Fact]
    public void An_account_environment_reads_bucket_key_and_region_from_its_backend_file()
    {
        var state = StateObject.TryLocate(
            Environment("staging", "# comment\nbucket = \"acme-tfstate\"\nkey = \"mlflow/staging.tfstate\"\nregion = \"eu-west-1\"\nencrypt = true\nuse_lockfile = true\n"),
            "eu-west-2", Variables(), out _);

        Assert.Equal(new StateObject("acme-tfstate", "mlflow/staging.tfstate", "eu-west-1"), state);
    }

    [Fact]
    public void A_backend_file_without_region_takes_the_environments_as_the_backend_does()
    {
        var environment = Environment("staging", "bucket = \"b\"\nkey = \"k\"\n");

        Assert.Equal("us-west-2", StateObject.TryLocate(environment, "eu-west-2", Variables(("AWS_REGION", "us-west-2")), out _)!.Region);
        Assert.Null(StateObject.TryLocate(environment, "eu-west-2", Variables(), out var whyNot));
        Assert.Equal("infra/environments/staging.backend.hcl names no region", whyNot);
    }

    [Theory]
    [InlineData("profile = \"ops\"", "profile")]
    [InlineData("role_arn = \"arn:aws:iam::1:role/x\"", "role_arn")]
    [InlineData("assume_role {\n  role_arn = \"arn:aws:iam::1:role/x\"\n}", "assume_role")]
    [InlineData("endpoints = { s3 = \"http://minio:9000\" }", "endpoints")]
    public void Settings_that_change_how_terraform_reaches_the_state_leave_it_to_terraform(string setting, string name)
    {
        var environment = Environment("production", $"bucket = \"b\"\nkey = \"k\"\nregion = \"eu-west-2\"\n{setting}\n");

        Assert.Null(StateObject.TryLocate(environment, "eu-west-2", Variables(), out var whyNot));
        Assert.Equal($"infra/environments/production.backend.hcl sets {name}, which changes how terraform reaches the state", whyNot);
    }

    [Fact]
    public void Another_workspace_leaves_it_to_terraform()
    {
        Assert.Null(StateObject.TryLocate(Environment("local"), "eu-west-2", Variables(("TF_WORKSPACE", "blue")), out var whyNot));
        Assert.Equal("TF_WORKSPACE=blue keeps the state under another key", whyNot);
    }
}

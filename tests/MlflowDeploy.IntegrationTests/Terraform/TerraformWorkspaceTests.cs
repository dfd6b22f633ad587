using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

public sealed class TerraformWorkspaceTests
{
    [Fact]
    public async Task Init_passes_the_state_backend_and_writes_nothing_into_infra()
    {
        using var terraform = new FakeTerraform("exit 0");
        var staging = terraform.Workspace("staging");

        await staging.InitAsync(StateBackend.For(staging.Environment, "eu-west-2"), CancellationToken.None);

        Assert.Equal(["init -input=false -no-color -reconfigure -backend-config=environments/staging.backend.hcl"], terraform.Invocations);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(terraform.Repository, "infra"), "*_override.tf"));
    }

    [Fact]
    public async Task Plan_passes_the_var_file_and_plan_file_and_reads_exit_code_2_as_changes()
    {
        using var terraform = new FakeTerraform("""echo '{"@message":"Plan: 1 to add, 0 to change, 0 to destroy.","type":"change_summary"}'; exit 2""");

        var changes = await terraform.Workspace("local").PlanAsync("/tmp/p.bin", destroy: false, CancellationToken.None);

        Assert.True(changes);
        Assert.Equal(
            "plan -input=false -json -detailed-exitcode -lock-timeout=2m -var-file=environments/local.tfvars -out=/tmp/p.bin",
            Assert.Single(terraform.Invocations));
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", terraform.Output);
    }

    [Fact]
    public async Task A_plans_json_lives_outside_the_artifacts_and_is_deleted_even_when_reading_it_throws()
    {
        using var terraform = new FakeTerraform("""echo '{"variables":{"db_password":{"value":"S3ntinel-Secret-4711"}}}'""");
        var workspace = terraform.Workspace("local");
        string? seen = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => workspace.ReadPlanJsonAsync<int>(
            "/tmp/p.bin",
            (json, _) =>
            {
                seen = json;
                Assert.Contains("S3ntinel-Secret-4711", File.ReadAllText(json));
                throw new InvalidOperationException("the reader failed");
            },
            CancellationToken.None));

        Assert.NotNull(seen);
        Assert.False(File.Exists(seen), "the plan JSON outlived a failed read");
        Assert.False(Directory.Exists(Path.GetDirectoryName(seen)), "its private folder outlived a failed read");
        Assert.False(Path.GetFullPath(seen).StartsWith(workspace.Environment.Artifacts.Directory, StringComparison.Ordinal), "the plan JSON was written under artifacts/");
        Assert.Equal("show -json -no-color /tmp/p.bin", Assert.Single(terraform.Invocations));
    }

    [Fact]
    public async Task A_failed_plan_is_one_line_with_the_first_diagnostic()
    {
        using var terraform = new FakeTerraform("""
            echo '{"@level":"error","type":"diagnostic","diagnostic":{"severity":"error","summary":"Invalid value for variable","detail":"region must look like eu-west-2.","range":{"filename":"environments/local.tfvars","start":{"line":1,"column":1,"byte":0},"end":{"line":1,"column":2,"byte":1}},"snippet":{"code":"region = \"eu-wst-2\""}}}'
            exit 1
            """);

        var error = await Assert.ThrowsAsync<ActionableError>(() => terraform.Workspace("local").PlanAsync("/tmp/p.bin", false, CancellationToken.None));

        Assert.Equal(
            "terraform plan failed (exit 1): environments/local.tfvars:1: variable region: Invalid value for variable: region must look like eu-west-2.",
            error.Message);
    }

    [Fact]
    public async Task Validate_reports_each_diagnostic_with_file_and_line()
    {
        using var terraform = new FakeTerraform("""
            echo '{"valid":false,"error_count":1,"warning_count":0,"diagnostics":[{"severity":"error","summary":"Missing required argument","detail":"The argument \"cidr_block\" is required.","range":{"filename":"network.tf","start":{"line":7,"column":1,"byte":0},"end":{"line":7,"column":2,"byte":1}}}]}'
            exit 1
            """);

        var error = await Assert.ThrowsAsync<ActionableError>(() => terraform.Workspace("local").ValidateAsync(CancellationToken.None));

        Assert.Equal("terraform validate: network.tf:7: Missing required argument: The argument \"cidr_block\" is required.", error.Message);
        Assert.Contains("Error: network.tf:7: Missing required argument: The argument \"cidr_block\" is required.", terraform.Output);
    }

    [Fact]
    public async Task Fmt_names_the_unformatted_files()
    {
        using var terraform = new FakeTerraform("echo ecs.tf; echo network.tf; exit 3");

        var error = await Assert.ThrowsAsync<ActionableError>(() => terraform.Workspace("local").FormatCheckAsync(CancellationToken.None));

        Assert.Equal("terraform fmt: not formatted: infra/ecs.tf, infra/network.tf — run `terraform fmt -recursive infra` and commit the result", error.Message);
    }

    [Fact]
    public async Task Output_json_is_parsed_and_never_echoed()
    {
        using var terraform = new FakeTerraform("""echo '{"db_password":{"sensitive":true,"type":"string","value":"S3ntinel-Secret-4711"}}'""");

        using var outputs = await terraform.Workspace("local").OutputsAsync(CancellationToken.None);

        Assert.Equal("S3ntinel-Secret-4711", outputs.RootElement.GetProperty("db_password").GetProperty("value").GetString());
        Assert.DoesNotContain(terraform.Output, line => line.Contains("S3ntinel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_past_its_deadline_is_interrupted_and_reported()
    {
        // Like terraform, the stand-in stops on SIGINT; it notes the signal, so the test needs no clock.
        using var terraform = new FakeTerraform("""
            trap 'echo interrupted > "$(dirname "$0")/interrupted"; kill "$child" 2>/dev/null; exit 130' INT
            sleep 60 & child=$!
            wait "$child"
            """);
        // Long enough for the stand-in's shell to install its trap on a loaded runner. (The failures once put down to that
        // race were an inherited ignored SIGINT; see FakeTerraform.)
        var deadline = TimeSpan.FromSeconds(5);
        var settings = new TerraformSettings { PlanDeadline = deadline };

        var error = await Assert.ThrowsAsync<ActionableError>(() => terraform.Workspace("local", settings).PlanAsync("/tmp/p.bin", false, CancellationToken.None));

        Assert.StartsWith("terraform plan -input=false", error.Message);
        Assert.Contains($"did not finish within its deadline of {MlflowDeploy.DurationText.Human(deadline)} and was stopped", error.Message);
        Assert.Equal("interrupted\n", await File.ReadAllTextAsync(Path.Combine(terraform.BinFolder, "interrupted")));
    }

    [Fact]
    public void Terraform_missing_from_path_is_one_line()
    {
        using var terraform = new FakeTerraform("exit 0");

        var error = Assert.Throws<ActionableError>(() => MlflowDeploy.Terraform.TerraformWorkspace.Create(
            MlflowDeploy.Environments.EnvironmentCatalog.Resolve(terraform.Repository, "local"),
            new TerraformSettings(),
            new Dictionary<string, string?>(),
            _ => { },
            path: "/nonexistent"));

        Assert.StartsWith("terraform was not found on PATH", error.Message);
        Assert.Equal(2, error.ExitCode);
    }
}

using System.Text.Json;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

public sealed class TerraformDiagnosticTests
{
    // The shape terraform 1.11 prints for a broken validation rule in a tfvars file (plan -json).
    private const string ValidationFailure = """
        {"@level":"error","@message":"Error: Invalid value for variable","type":"diagnostic","diagnostic":{"severity":"error","summary":"Invalid value for variable","detail":"desired_count must be a whole number of at least 0.\n\nThis was checked by the validation rule at variables.tf:97,3-13.","range":{"filename":"environments/local.tfvars","start":{"line":5,"column":17,"byte":80},"end":{"line":5,"column":19,"byte":82}},"snippet":{"context":null,"code":"desired_count = -1","start_line":5,"highlight_start_offset":16,"highlight_end_offset":18,"values":[]}}}
        """;

    [Fact]
    public void A_tfvars_validation_failure_names_the_file_line_variable_and_rule()
    {
        var log = new TerraformJsonLog();

        var shown = log.Render(ValidationFailure.Trim());

        Assert.Equal(
            "environments/local.tfvars:5: variable desired_count: Invalid value for variable: desired_count must be a whole number of at least 0.",
            log.FirstError!.OneLine());
        Assert.StartsWith("Error: environments/local.tfvars:5:", shown);
    }

    // What terraform 1.11 emits when infra/init.tf's provisioner (the init hook) exits non-zero.
    private const string ProvisionerFailure = """
        {"@level":"error","@message":"Error: local-exec provisioner error","type":"diagnostic","diagnostic":{"severity":"error","summary":"local-exec provisioner error","detail":"Error running command 'if [ -z \"$MLFLOW_DEPLOY_INIT_HOOK\" ]; then\n  exit 2\nfi\nexec \"$MLFLOW_DEPLOY_INIT_HOOK\" init-task\n': exit status 1. Output: init hook for mlflow-prod (production)\nstarted init task 0a1b\ninit task | sqlalchemy.exc.OperationalError: boom\ninit task 0a1b failed (exit 1): sqlalchemy.exc.OperationalError: boom — the service was not changed\n","range":{"filename":"init.tf","start":{"line":31,"column":3,"byte":1200},"end":{"line":31,"column":26,"byte":1223}}}}
        """;

    [Fact]
    public void A_failed_provisioner_is_reported_with_its_commands_last_line_not_the_command()
    {
        var log = new TerraformJsonLog();

        var shown = log.Render(ProvisionerFailure.Trim());

        Assert.Equal(
            "init.tf:31: local-exec provisioner error: init task 0a1b failed (exit 1): sqlalchemy.exc.OperationalError: boom — the service was not changed",
            log.FirstError!.OneLine());
        Assert.Equal("Error: " + log.FirstError.OneLine(), shown);
    }

    [Fact]
    public void Events_show_their_message_and_outputs_stay_off_the_console()
    {
        var log = new TerraformJsonLog();

        Assert.Equal("aws_vpc.this: Creating...", log.Render("""{"@level":"info","@message":"aws_vpc.this: Creating...","type":"apply_start"}"""));
        Assert.Null(log.Render("""{"@level":"info","@message":"Outputs: 2","type":"outputs","outputs":{"db":{"sensitive":true,"value":"hunter2"}}}"""));
        Assert.Null(log.Render("""{"@level":"info","@message":"Terraform 1.11.4","type":"version"}"""));
        Assert.Null(log.FirstError);
    }

    [Fact]
    public void The_first_error_of_human_output_is_folded_to_one_line()
    {
        const string stderr = """

            ╷
            │ Error: Unsupported argument
            │
            │   on ecs.tf line 12, in resource "aws_ecs_service" "this":
            │   12:   desired_counts = 2
            │
            │ An argument named "desired_counts" is not expected here. Did you mean "desired_count"?
            ╵
            ╷
            │ Error: second error
            ╵
            """;

        var diagnostic = TerraformDiagnostic.FirstErrorInText(stderr)!;

        Assert.Equal("ecs.tf:12: Unsupported argument: An argument named \"desired_counts\" is not expected here. Did you mean \"desired_count\"?", diagnostic.OneLine());
    }

    [Fact]
    public void A_stale_plan_becomes_a_plan_again_line()
    {
        var command = new TerraformCommand(["apply", "plan.bin"], TimeSpan.FromMinutes(1));
        var result = new TerraformResult(1, string.Empty, "Error: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed", TimeSpan.Zero);

        var error = TerraformFailure.From(command, result);

        Assert.StartsWith("terraform apply refused the saved plan: it is stale", error.Message);
        Assert.Contains("run Plan again", error.Message);
    }

    [Fact]
    public void Validate_json_diagnostics_parse_with_their_location()
    {
        using var doc = JsonDocument.Parse("""
            {"severity":"error","summary":"Reference to undeclared resource","detail":"A managed resource \"aws_vpc\" \"main\" has not been declared.","range":{"filename":"network.tf","start":{"line":3,"column":1,"byte":0},"end":{"line":3,"column":2,"byte":1}}}
            """);

        var diagnostic = TerraformDiagnostic.FromJson(doc.RootElement);

        Assert.Equal("network.tf:3: Reference to undeclared resource: A managed resource \"aws_vpc\" \"main\" has not been declared.", diagnostic.OneLine());
        Assert.Null(diagnostic.VariableName);
    }
}

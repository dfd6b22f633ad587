using System.Text.Json;
using MlflowDeploy.Terraform;

namespace MlflowDeploy.Tests.Terraform;

/// <summary>What the run's last line says about a terraform command stopped by SIGINT, from the operations its -json stream reported.</summary>
public sealed class TerraformStopTests
{
    private static void Event(InFlightOperations operations, string type, string address, string action)
    {
        using var document = JsonDocument.Parse(
            $$$"""{"@timestamp":"2026-12-01T01:16:14Z","type":"{{{type}}}","hook":{"resource":{"addr":"{{{address}}}"},"action":"{{{action}}}"}}""");
        operations.Observe(type, document.RootElement);
    }

    [Fact]
    public void Data_source_reads_are_not_operations_that_may_have_changed_the_account()
    {
        var operations = new InFlightOperations();
        Event(operations, "apply_start", "data.aws_caller_identity.current", "read");
        Event(operations, "apply_start", "aws_db_instance.mlflow", "create");

        Assert.Equal("aws_db_instance.mlflow", Assert.Single(operations.Unfinished).Address);
    }

    [Fact]
    public void A_plan_stopped_mid_refresh_says_it_changed_nothing_not_that_it_cut_creates_short()
    {
        // The clean-plan check after an apply, interrupted while it refreshed (what the kill matrix saw on a fast apply).
        var operations = new InFlightOperations();
        Event(operations, "apply_start", "data.aws_availability_zones.available", "read");
        var stop = new TerraformStop(new TerraformCommand(["plan", "-input=false", "-json"], TimeSpan.FromMinutes(10)) { Operations = operations }, TimeSpan.FromSeconds(18.1), Killed: false);

        Assert.Equal("terraform plan stopped after 18.1 s; a plan changes nothing in the account or the state", stop.Summary());
        Assert.Empty(stop.Details());
    }

    [Fact]
    public void An_apply_stopped_with_a_create_cut_short_points_to_validate()
    {
        var operations = new InFlightOperations();
        Event(operations, "apply_start", "aws_db_instance.mlflow", "create");
        Event(operations, "apply_errored", "aws_db_instance.mlflow", "create");
        var stop = new TerraformStop(new TerraformCommand(["apply", "-input=false", "-json", "plan.bin"], TimeSpan.FromMinutes(45)) { Operations = operations }, TimeSpan.FromMilliseconds(717), Killed: false);

        Assert.StartsWith("terraform apply stopped after 717 ms and wrote its state; it cut short 1 operation(s) (listed above) — a create cut short", stop.Summary());
        Assert.Equal(["  cut short: aws_db_instance.mlflow: create (started 01:16:14 UTC)"], stop.Details());
    }
}

using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// A real non-convergence in our own Terraform — a tag whose value changes on every plan, in a private copy of
/// infra/ — fails the rehearsal at Apply's clean-plan check, naming the resource and the attribute. Nothing is
/// re-applied to hide it.
/// </summary>
public sealed class NonConvergenceTests
{
    [Fact]
    public async Task A_tag_that_changes_on_every_plan_fails_the_rehearsal_at_the_plan_after_apply()
    {
        using var repository = new RepositoryCopy();
        var logs = Path.Combine(repository.Path, "infra", "logs.tf");
        var text = File.ReadAllText(logs);
        const string Retention = "  retention_in_days = var.log_retention_days\n";
        var first = text.IndexOf(Retention, StringComparison.Ordinal); // the service's log group comes first
        File.WriteAllText(logs, text.Insert(first + Retention.Length, "\n  tags = {\n    applied_at = timestamp()\n  }\n"));

        var result = await BuildScript.RunInAsync(repository.Path, TimeSpan.FromMinutes(12), null);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.All}");
        var line = Assert.Single(result.Error.Split('\n'), l => l.StartsWith('✖'));
        Assert.True(line.StartsWith("✖ the plan right after apply is not empty: 1 resource(s) would change again (aws_cloudwatch_log_group.mlflow (change in place): tags", StringComparison.Ordinal), line);
        Assert.Contains("infra/allowed-plan-changes.json", line);
        Assert.Contains("Apply complete", result.Output);
        Assert.Contains("  would change again: aws_cloudwatch_log_group.mlflow (change in place): tags", result.Output);
        Assert.DoesNotContain("verifying ", result.Output); // the rehearsal stopped at Apply
    }
}

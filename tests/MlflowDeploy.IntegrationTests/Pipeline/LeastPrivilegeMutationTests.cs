using System.Text.RegularExpressions;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// The least-privilege rehearsal can fail: a copy of the repository whose deploy role lacks one thing Apply needs is
/// rehearsed for real (enforced emulator, the bootstrap applied, the stages under their roles), and the run stops at
/// Apply, after Validate and Plan passed, with one line naming the action. Once for an action no statement grants
/// (refused live by the emulator), once for a resource the grant does not cover (found in the call record after Apply).
/// </summary>
public sealed partial class LeastPrivilegeMutationTests
{
    public static TheoryData<string, string, string, string> Mutations() => new()
    {
        // ec2:CreateVpc granted nowhere: the emulator refuses the very first create live.
        { "deploy_role.tf", "[\"CreateVpc\", \"vpc\"], ", "", "ec2:CreateVpc" },
        // The RDS log groups left out of the log-group grant: allowed live (action level), denied by the record's evaluation.
        { "deploy_role.tf", ", \"${local.arn[env].logs}:/aws/rds/instance/${e.stack_name}-db/*\"]", "]", "logs:CreateLogGroup on arn:aws:logs:eu-west-2:123456789012:log-group:/aws/rds/instance/mlflow-local-db/" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task A_deploy_role_without_what_apply_needs_fails_apply_naming_the_action(string file, string from, string to, string named)
    {
        using var repository = new RepositoryCopy();
        var path = Path.Combine(repository.Path, "infra", "bootstrap", file);
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, text.Replace(from, to, StringComparison.Ordinal));

        var result = await BuildScript.RunInAsync(repository.Path, TimeSpan.FromMinutes(15), null, "--target=Rehearse", "--least-privilege");
        var output = result.All;

        Assert.True(result.ExitCode != 0, output);
        // Cake prints its task table only when every task succeeds; each stage's own check line says it passed.
        Assert.Matches(new Regex(@"Validate as mlflow-local-github-plan: \d+ calls checked .*, 0 denied, 0 undecided"), output);
        Assert.Matches(new Regex(@"Plan as mlflow-local-github-plan: \d+ calls checked .*, 0 denied, 0 undecided"), output);
        Assert.Contains("Apply runs as mlflow-local-github-deploy", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Verify runs as", output, StringComparison.Ordinal);
        var failure = FailureLine().Match(result.Error);
        Assert.True(failure.Success, $"no ✖ line in:\n{result.Error}");
        Assert.Contains(named, failure.Value, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?m)^✖ .*$")]
    private static partial Regex FailureLine();
}

using System.Text.RegularExpressions;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Pipeline;

/// <summary>
/// <c>./build.sh --target=Rehearse --least-privilege</c> as CI runs it: IAM enforced, infra/bootstrap applied by the
/// emulator's administrator, every stage under the role its workflow job assumes, two plan/apply cycles and a destroy,
/// and each stage's calls decided against its role's policies. The permissions it saw used are the committed table.
/// It runs in a private copy of the checkout, so it need not wait for the tests of the checkout's own environments.
/// </summary>
public sealed partial class LeastPrivilegeRehearsalTests
{
    private const string Environment = "local-secure";

    [Fact]
    public async Task Two_cycles_and_a_destroy_pass_with_each_stage_under_its_role_and_every_call_allowed()
    {
        using var repository = new RepositoryCopy();
        string Artifacts(string file) => Path.Combine(repository.Path, "artifacts", Environment, file);
        var result = await BuildScript.RunInAsync(repository.Path, TimeSpan.FromMinutes(20), null, "--target=Rehearse", "--least-privilege", $"--environment={Environment}");
        var output = result.All;

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{output}");
        foreach (var stage in new[] { "Validate", "Plan", "Apply", "Verify", "SecondCycle", "Destroy", "Rehearse" })
        {
            Assert.Matches(new Regex($@"(?m)^\s*{stage}\s+\d\d:\d\d:\d\d\.\d+\s+Succeeded"), output);
        }

        Assert.Contains("least privilege: infra/bootstrap applied by the emulator's administrator", output);
        var sessions = RunsAs().Matches(output).Select(m => (Stage: m.Groups["stage"].Value, Role: m.Groups["role"].Value)).ToList();
        Assert.Equal(
            [("Validate", "plan"), ("Plan", "plan"), ("Apply", "deploy"), ("Verify", "plan"), ("Plan", "plan"), ("Apply", "deploy"), ("Destroy", "deploy")],
            sessions);
        Assert.Contains("Destroy runs as mlflow-local-secure-github-deploy (AssumeRoleWithWebIdentity, sub repo:rehearsal/mlflow-deploy:environment:local-secure:job_workflow_ref:rehearsal/mlflow-deploy/.github/workflows/destroy.yml@refs/heads/main", output);
        Assert.Contains("Verify runs as mlflow-local-secure-github-plan (AssumeRoleWithWebIdentity, sub repo:rehearsal/mlflow-deploy:environment:local-secure:job_workflow_ref:rehearsal/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main", output);
        Assert.Contains("Plan runs as mlflow-local-secure-github-plan (AssumeRoleWithWebIdentity, sub repo:rehearsal/mlflow-deploy:ref:refs/heads/main:job_workflow_ref:rehearsal/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main", output);

        // Every stage's calls were decided, and none would be denied or left undecided.
        var checks = Checked().Matches(output).ToList();
        Assert.Equal(sessions.Count, checks.Count);
        Assert.All(checks, c => Assert.Equal("0 denied, 0 undecided", c.Groups["verdict"].Value));
        Assert.Contains("second cycle: desired_count 2 → 3", output);
        Assert.Matches(@"Apply complete! Resources: 0 added, [1-9]\d* changed, 0 destroyed\.", output); // the second cycle changed the stack
        // Destroy applies a destroy plan (the bucket out of the state first), so terraform reports it as an apply.
        Assert.Matches(@"Apply complete! Resources: 0 added, 0 changed, [1-9]\d* destroyed", output);

        // The table the run wrote is the one committed in infra/bootstrap/PERMISSIONS.md.
        var generated = PermissionTable.Rows(File.ReadAllText(Artifacts("iam-permissions.md")));
        var committed = PermissionTable.Rows(PermissionTable.GeneratedSection(File.ReadAllText(PermissionTable.CommittedPath)));
        Assert.True(generated.SetEquals(committed),
            "infra/bootstrap/PERMISSIONS.md is out of date — replace its generated section with artifacts/local-secure/iam-permissions.md.\n"
            + $"only in the run: {string.Join("; ", generated.Except(committed))}\nonly committed: {string.Join("; ", committed.Except(generated))}");
    }

    [GeneratedRegex(@"(?m)(?<stage>[A-Za-z]+) runs as mlflow-local-secure-github-(?<role>plan|deploy) \(AssumeRoleWithWebIdentity")]
    private static partial Regex RunsAs();

    [GeneratedRegex(@"(?m)[A-Za-z]+ as mlflow-local-secure-github-(plan|deploy): \d+ calls checked against its policies — .*?, (?<verdict>\d+ denied, \d+ undecided)")]
    private static partial Regex Checked();
}

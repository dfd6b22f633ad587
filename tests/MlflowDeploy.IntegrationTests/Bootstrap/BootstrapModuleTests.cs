using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Tests.Bootstrap;

/// <summary>infra/bootstrap through real terraform: formatted, valid, and its own terraform test passes and can fail.</summary>
public sealed partial class BootstrapModuleTests
{
    // A bound against a hang, not a speed check: under a loaded CI runner one terraform test took over 3 minutes.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_module_is_formatted_and_valid()
    {
        using var module = await BootstrapModule.InitAsync();

        var fmt = await module.TerraformAsync(Deadline, "fmt", "-check", "-recursive", "-no-color");
        var validate = await module.TerraformAsync(Deadline, "validate", "-json", "-no-color");

        Assert.True(fmt.ExitCode == 0, $"terraform fmt would change: {fmt.StandardOutput}");
        using var json = JsonDocument.Parse(validate.StandardOutput);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean(), validate.StandardOutput);
        Assert.Equal(0, json.RootElement.GetProperty("error_count").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("warning_count").GetInt32());
    }

    [Fact]
    public async Task Terraform_test_asserts_the_trust_policies_and_the_state_bucket()
    {
        using var module = await BootstrapModule.InitAsync();

        var test = await module.TerraformAsync(Deadline, "test", "-no-color");

        Assert.True(test.ExitCode == 0, $"terraform test failed:\n{test.StandardOutput}\n{test.StandardError}");
        var (passed, failed) = Counts(test.StandardOutput);
        Assert.Equal(0, failed);
        Assert.True(passed >= 11, $"only {passed} runs passed:\n{test.StandardOutput}");
        foreach (var run in new[]
        {
            "deploy_roles_trust_only_deploy_and_destroy_on_main_in_their_environment",
            "plan_roles_trust_main_workflows_verify_and_pull_requests_only",
            "the_plan_role_writes_nothing_and_reads_only_the_verifier_secret",
            "the_deploy_role_creates_roles_only_within_the_boundary_and_cannot_escalate",
            "snapshots_cannot_be_deleted_by_the_deploy_role",
            "network_changes_are_scoped_by_the_stack_tag",
        })
        {
            Assert.Contains($"run \"{run}\"... pass", test.StandardOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>Each mutation the bootstrap's own tests must catch: the edit, and the run that must fail with its message.</summary>
    public static TheoryData<string, string, string, string, string> Mutations() => new()
    {
        {
            "a deploy role trusting any workflow file", "main.tf",
            "job_workflow_ref:${local.workflows}/${workflow}@${local.main_ref}", "job_workflow_ref:${local.workflows}/*@${local.main_ref}",
            "deploy_roles_trust_only_deploy_and_destroy_on_main_in_their_environment"
        },
        {
            "a deploy role trusting any branch", "main.tf",
            "for workflow in [\"deploy.yml\", \"destroy.yml\"] : \"${local.repo_sub}:environment:${env}:job_workflow_ref:${local.workflows}/${workflow}@${local.main_ref}\"",
            "for workflow in [\"deploy.yml\", \"destroy.yml\"] : \"${local.repo_sub}:environment:${env}:job_workflow_ref:${local.workflows}/${workflow}@refs/heads/feature\"",
            "deploy_roles_trust_only_deploy_and_destroy_on_main_in_their_environment"
        },
        {
            "a plan role trusting every branch", "main.tf",
            "\"${local.repo_sub}:ref:${local.main_ref}:job_workflow_ref:${local.workflows}/deploy.yml@${local.main_ref}\"",
            "\"${local.repo_sub}:ref:refs/heads/feature:job_workflow_ref:${local.workflows}/deploy.yml@refs/heads/feature\"",
            "plan_roles_trust_main_workflows_verify_and_pull_requests_only"
        },
        {
            "the image role trusting pull requests", "main.tf",
            "image_subject = \"${local.repo_sub}:ref:${local.main_ref}:job_workflow_ref:${local.workflows}/deploy.yml@${local.main_ref}\"",
            "image_subject = local.plan_pull_request_subject",
            "one_image_repository_and_only_the_deploy_image_job_on_main_pushes_to_it"
        },
        {
            "the plan role reading every secret value", "plan_role.tf",
            "Action   = [\"secretsmanager:DescribeSecret\", \"secretsmanager:GetResourcePolicy\"]",
            "Action   = [\"secretsmanager:DescribeSecret\", \"secretsmanager:GetResourcePolicy\", \"secretsmanager:GetSecretValue\"]",
            "the_plan_role_writes_nothing_and_reads_only_the_verifier_secret"
        },
        {
            "the deploy role creating roles without the boundary", "deploy_identity.tf",
            "Condition = { StringEquals = { \"iam:PermissionsBoundary\" = local.ecs_role_boundary_arn[env] } }\n      },\n      {\n        Sid      = \"StackRolesExecutionPolicy\"",
            "Condition = {}\n      },\n      {\n        Sid      = \"StackRolesExecutionPolicy\"",
            "the_deploy_role_creates_roles_only_within_the_boundary_and_cannot_escalate"
        },
        {
            "the deploy role deleting snapshots", "deploy_role.tf",
            "Effect   = \"Deny\"\n          Action   = [\"rds:DeleteDBSnapshot\", \"rds:DeleteDBClusterSnapshot\"]",
            "Effect   = \"Deny\"\n          Action   = [\"rds:DeleteDBClusterSnapshot\"]",
            "snapshots_cannot_be_deleted_by_the_deploy_role"
        },
        {
            "EC2 changes on any resource", "deploy_role.tf",
            "Condition = { StringEquals = { \"aws:ResourceTag/Stack\" = e.stack_name } }",
            "Condition = {}",
            "network_changes_are_scoped_by_the_stack_tag"
        },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task A_mutation_of_the_roles_fails_the_terraform_test(string mutation, string file, string from, string to, string failingRun)
    {
        using var module = await BootstrapModule.InitAsync();
        module.Edit(file, from, to);

        var test = await module.TerraformAsync(Deadline, "test", "-no-color");

        Assert.True(test.ExitCode != 0, $"{mutation}: terraform test passed:\n{test.StandardOutput}");
        // Terraform wraps diagnostics to the terminal width; compare with the line breaks folded.
        var output = Whitespace().Replace(test.StandardOutput + test.StandardError, " ");
        Assert.Contains($"run \"{failingRun}\"... fail", output, StringComparison.Ordinal);
    }

    private static (int Passed, int Failed) Counts(string output)
    {
        var match = CountsLine().Match(output);
        Assert.True(match.Success, $"no summary line in:\n{output}");
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(\d+) passed, (\d+) failed")]
    private static partial Regex CountsLine();
}

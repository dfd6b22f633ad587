using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlflowDeploy.Tests.Bootstrap;

/// <summary>infra/bootstrap through real terraform: formatted, valid, and its own terraform test passes and can fail.</summary>
public sealed partial class BootstrapModuleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

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
        Assert.True(passed >= 8, $"only {passed} runs passed:\n{test.StandardOutput}");
        Assert.Contains("run \"deploy_roles_trust_only_their_own_environment\"... pass", test.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("run \"plan_roles_trust_this_repositorys_pull_requests_and_main_only\"... pass", test.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deploy_role_trusting_any_environment_fails_the_terraform_test()
    {
        using var module = await BootstrapModule.InitAsync();
        module.Edit("main.tf", "\"${local.repo_sub}:environment:${env}\"", "\"${local.repo_sub}:environment:*\"");

        var test = await module.TerraformAsync(Deadline, "test", "-no-color");

        Assert.NotEqual(0, test.ExitCode);
        // Terraform wraps diagnostics to the terminal width; compare with the line breaks folded.
        var output = Whitespace().Replace(test.StandardOutput + test.StandardError, " ");
        Assert.Contains("run \"deploy_roles_trust_only_their_own_environment\"... fail", output, StringComparison.Ordinal);
        Assert.Contains("run \"no_trust_policy_matches_by_pattern\"... fail", output, StringComparison.Ordinal);
        Assert.Contains("must trust exactly repo:acme/mlflow-deploy:environment:production", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_role_trusting_every_branch_fails_the_terraform_test()
    {
        using var module = await BootstrapModule.InitAsync();
        module.Edit("main.tf", "\"${local.repo_sub}:ref:refs/heads/${var.main_branch}\"", "\"${local.repo_sub}:ref:refs/heads/feature\"");

        var test = await module.TerraformAsync(Deadline, "test", "-no-color");

        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("run \"plan_roles_trust_this_repositorys_pull_requests_and_main_only\"... fail", test.StandardOutput + test.StandardError, StringComparison.Ordinal);
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

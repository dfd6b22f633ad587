using MlflowDeploy.Aws;
using MlflowDeploy.Iam;

namespace MlflowDeploy.Tests.Emulator;

/// <summary>
/// The launcher records every authorized call with its resource ARNs, and the evaluator finds in that record the
/// calls that moto's action-level check let through but AWS would deny for their resource.
/// </summary>
public sealed class CallRecorderTests(IamEnforcedEmulator moto) : IClassFixture<IamEnforcedEmulator>
{
    private const string Account = IamEnforcedEmulator.Account;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private const string ScopedToOneStack = $$$"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"OwnLogGroup","Effect":"Allow","Action":"logs:*","Resource":"arn:aws:logs:eu-west-2:{{{Account}}}:log-group:/ecs/mlflow-prod:*"},
          {"Sid":"TaskDefinitions","Effect":"Allow","Action":["ecs:RegisterTaskDefinition","logs:DescribeLogGroups"],"Resource":"*"},
          {"Sid":"PassStackRoles","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::{{{Account}}}:role/mlflow-prod-ecs-*",
           "Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"} } }]}
        """;

    [Fact]
    public async Task Calls_outside_the_roles_resources_pass_the_live_check_and_the_evaluator_names_each_one()
    {
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account}}:root"},"Action":"sts:AssumeRole"}]}""";
        var role = await moto.CreateRoleAsync("mlflow-prod-recorded", trust, ScopedToOneStack);
        await moto.AsAdministratorAsync("secretsmanager", "create-secret", "--name", "recorded-secret", "--secret-string", "never-in-the-record");
        var c = (await moto.AsAdministratorAsync("sts", "assume-role", "--role-arn", role, "--role-session-name", "recorded")).GetProperty("Credentials");
        var session = moto.VariablesFor(new AwsCredentials(c.GetProperty("AccessKeyId").GetString()!, c.GetProperty("SecretAccessKey").GetString()!, c.GetProperty("SessionToken").GetString()));
        var containers = """[{"name":"mlflow","image":"ghcr.io/mlflow/mlflow:v2.22.0","memory":512}]""";

        // All four pass moto's live check, which decides at action level.
        foreach (var arguments in new[]
        {
            new[] { "logs", "create-log-group", "--log-group-name", "/ecs/mlflow-prod" },
            ["logs", "create-log-group", "--log-group-name", "/ecs/other-stack"],
            ["ecs", "register-task-definition", "--family", "mlflow-prod", "--container-definitions", containers,
                "--execution-role-arn", $"arn:aws:iam::{Account}:role/mlflow-prod-ecs-execution"],
            ["ecs", "register-task-definition", "--family", "mlflow-prod", "--container-definitions", containers,
                "--execution-role-arn", $"arn:aws:iam::{Account}:role/some-admin-role"],
        })
        {
            var result = await IamEnforcedEmulator.AwsCliAsync(session, arguments);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', arguments)}: {result.StandardError}");
        }

        var calls = (await RecordedCallLog.ReadFromAsync(moto.CallRecord, 0, CancellationToken.None)).Calls.Where(c => c.Principal == role).ToList();
        var policies = await new IamPolicyReader(moto.Endpoint, moto.Administrator, Http).ReadRoleAsync(role, CancellationToken.None);
        var report = ResourceScopeReport.Check(calls, [policies]);

        Assert.All(calls, call => Assert.StartsWith($"arn:aws:sts::{Account}:assumed-role/mlflow-prod-recorded/recorded", call.Caller));
        Assert.Contains(calls, call => call.Action == "logs:CreateLogGroup" && call.Resources.SequenceEqual([$"arn:aws:logs:eu-west-2:{Account}:log-group:/ecs/mlflow-prod:log-stream:"]));
        Assert.Equal(
        [
            $"{role} would be denied logs:CreateLogGroup on arn:aws:logs:eu-west-2:{Account}:log-group:/ecs/other-stack:log-stream:: no identity-based policy allows it",
            $"{role} would be denied iam:PassRole on arn:aws:iam::{Account}:role/some-admin-role (checked for ecs:RegisterTaskDefinition): no identity-based policy allows it",
        ], report.Denied.Select(f => f.Line));
        Assert.Equal(4, report.Counts[AccessVerdict.Allowed]);
        Assert.DoesNotContain("never-in-the-record", await File.ReadAllTextAsync(moto.CallRecord));
    }

    [Fact]
    public async Task The_policy_reader_returns_the_documents_IAM_holds_including_the_boundary()
    {
        var boundary = (await moto.AsAdministratorAsync("iam", "create-policy", "--policy-name", "reader-boundary",
            "--policy-document", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"""))
            .GetProperty("Policy").GetProperty("Arn").GetString()!;
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account}}:root"},"Action":"sts:AssumeRole"}]}""";
        var role = await moto.CreateRoleAsync("read-back", trust, ScopedToOneStack, boundary);
        await moto.AsAdministratorAsync("iam", "attach-role-policy", "--role-name", "read-back", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess");

        var policies = await new IamPolicyReader(moto.Endpoint, moto.Administrator, Http).ReadRoleAsync(role, CancellationToken.None);

        Assert.Equal(["inline policy permissions", "managed policy arn:aws:iam::aws:policy/ReadOnlyAccess"], policies.IdentityPolicies.Select(p => p.Name));
        Assert.Equal(["OwnLogGroup", "TaskDefinitions", "PassStackRoles"], policies.IdentityPolicies[0].Statements.Select(s => s.Sid));
        Assert.Equal(boundary, policies.PermissionsBoundary?.Name.Replace("managed policy ", "", StringComparison.Ordinal));
    }
}

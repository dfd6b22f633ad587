using System.Text;
using MlflowDeploy.Iam;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.Support;
using MlflowDeploy.Tests.Verification;

namespace MlflowDeploy.Tests.Iam;

public sealed class ResourceScopeReportTests
{
    private const string PlanRole = "arn:aws:iam::123456789012:role/mlflow-prod-github-plan";

    private static string Line(string principal, string action, string resource, string scope = "arn", string? impliedBy = null) =>
        $$"""{"action":"{{action}}","caller":"{{principal}}/s","context":{"aws:RequestedRegion":"eu-west-2"},"impliedBy":{{(impliedBy is null ? "null" : $"\"{impliedBy}\"")}},"principal":"{{principal}}","region":"eu-west-2","resources":["{{resource}}"],"scope":"{{scope}}","time":"2026-11-30T18:00:00Z"}""";

    [Fact]
    public async Task The_log_is_read_from_an_offset_and_a_line_still_being_written_waits_for_the_next_read()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "calls.jsonl");
        await File.WriteAllTextAsync(path, Line(PlanRole, "ecs:DescribeServices", "arn:aws:ecs:eu-west-2:123456789012:service/c/s") + "\n" + "{\"action\":\"ecs:Desc");

        var first = await RecordedCallLog.ReadFromAsync(path, 0, CancellationToken.None);
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path))[..(int)first.NextOffset] + Line(PlanRole, "s3:PutObject", "arn:aws:s3:::a/b") + "\n");
        var second = await RecordedCallLog.ReadFromAsync(path, first.NextOffset, CancellationToken.None);

        Assert.Equal("ecs:DescribeServices", Assert.Single(first.Calls).Action);
        Assert.Equal("s3:PutObject", Assert.Single(second.Calls).Action);
        Assert.Equal(new FileInfo(path).Length, second.NextOffset);
        Assert.Equal(Encoding.UTF8.GetByteCount(Line(PlanRole, "ecs:DescribeServices", "arn:aws:ecs:eu-west-2:123456789012:service/c/s") + "\n"), first.NextOffset);
    }

    [Fact]
    public void The_report_names_each_denied_call_once_in_one_line_and_skips_principals_it_was_not_given()
    {
        var policies = new RolePolicies(PlanRole,
            [PolicyDocument.Parse("inline policy read", """{"Statement":[{"Effect":"Allow","Action":["ecs:Describe*","s3:GetObject"],"Resource":"*"}]}""")], null);
        var calls = new[]
        {
            RecordedCall.Parse(Line(PlanRole, "ecs:DescribeServices", "arn:aws:ecs:eu-west-2:123456789012:service/c/s")),
            RecordedCall.Parse(Line(PlanRole, "s3:PutObject", "arn:aws:s3:::mlflow-prod-artifacts-1/x")),
            RecordedCall.Parse(Line(PlanRole, "s3:PutObject", "arn:aws:s3:::mlflow-prod-artifacts-1/x")),
            RecordedCall.Parse(Line(PlanRole, "iam:PassRole", "arn:aws:iam::123456789012:role/r", impliedBy: "ecs:RegisterTaskDefinition")),
            RecordedCall.Parse(Line("arn:aws:iam::123456789012:user/admin", "iam:CreateRole", "arn:aws:iam::123456789012:role/r")),
        };

        var report = ResourceScopeReport.Check(calls, [policies]);

        Assert.False(report.AllAllowed);
        Assert.Equal(
        [
            $"{PlanRole} would be denied s3:PutObject on arn:aws:s3:::mlflow-prod-artifacts-1/x: no identity-based policy allows it",
            $"{PlanRole} would be denied iam:PassRole on arn:aws:iam::123456789012:role/r (checked for ecs:RegisterTaskDefinition): no identity-based policy allows it",
        ], report.Denied.Select(f => f.Line));
        Assert.Equal(1, report.Counts[AccessVerdict.Allowed]);
        Assert.Equal(3, report.Counts[AccessVerdict.ImplicitDeny]);
    }

    [Fact]
    public void A_crafted_GitHub_token_carries_the_claims_STS_reads_and_no_signature()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-30T18:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var token = GitHubOidcToken.ForEnvironment("acme/mlflow-deploy", "deploy.yml", "production", "main", clock);

        var parts = token.ToJwt().Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/').PadRight((parts[1].Length + 3) / 4 * 4, '=')));

        Assert.Equal(3, parts.Length);
        Assert.Equal("", parts[2]);
        Assert.Contains("\"sub\":\"repo:acme/mlflow-deploy:environment:production\"", payload);
        Assert.Contains("\"aud\":\"sts.amazonaws.com\"", payload);
        Assert.Contains("\"job_workflow_ref\":\"acme/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main\"", payload);
        Assert.Contains("\"iss\":\"https://token.actions.githubusercontent.com\"", payload);
        Assert.Contains($"\"exp\":{clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds()}", payload);
    }
}

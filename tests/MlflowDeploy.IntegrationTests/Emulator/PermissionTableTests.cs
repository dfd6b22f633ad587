using MlflowDeploy.Iam;

namespace MlflowDeploy.Tests.Emulator;

/// <summary>
/// infra/bootstrap/PERMISSIONS.md and the roles' policies as IAM holds them after the bootstrap's apply, held to each
/// other: every action a role is allowed is in the table, either as used by the least-privilege rehearsal (the
/// generated section, which <see cref="Pipeline.LeastPrivilegeRehearsalTests"/> holds to the run) or, for the
/// <c>-unrehearsed</c> policies only, in the hand-kept list with its reason — and nothing else is allowed.
/// </summary>
[Collection(BootstrappedAccountCollection.Name)]
public sealed class PermissionTableTests(BootstrappedAccount account)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private async Task<RolePolicies> ReadAsync(string roleArn) =>
        await new IamPolicyReader(account.Endpoint, account.Administrator, Http).ReadRoleAsync(roleArn, CancellationToken.None);

    /// <summary>Every action an Allow statement of the given documents names (the roles hold no wildcard action).</summary>
    private static HashSet<string> Allowed(IEnumerable<PolicyDocument> documents) =>
        documents.SelectMany(d => d.Statements).Where(s => s.Effect == PolicyEffect.Allow && !s.ActionsNegated)
            .SelectMany(s => s.Actions).ToHashSet(StringComparer.Ordinal);

    private static bool IsUnrehearsed(PolicyDocument document) => document.Name.EndsWith("-unrehearsed", StringComparison.Ordinal);

    [Theory]
    [InlineData("plan", BootstrappedAccount.PlanRole)]
    [InlineData("deploy", BootstrappedAccount.DeployRole)]
    public async Task Every_permission_a_role_holds_is_listed_with_its_stage_and_nothing_more(string role, string roleArn)
    {
        var policies = await ReadAsync(roleArn);
        var markdown = await File.ReadAllTextAsync(PermissionTable.CommittedPath);
        var rehearsed = PermissionTable.Rows(PermissionTable.GeneratedSection(markdown))
            .Select(r => r.Split(' ', 3)).Where(r => r[0] == role).Select(r => r[1]).ToHashSet(StringComparer.Ordinal);
        var unrehearsed = PermissionTable.UnrehearsedRows(PermissionTable.UnrehearsedSection(markdown))
            .Where(r => r.Role == role).Select(r => r.Action).ToHashSet(StringComparer.Ordinal);
        var granted = Allowed(policies.IdentityPolicies.Where(d => !IsUnrehearsed(d)));
        var grantedUnrehearsed = Allowed(policies.IdentityPolicies.Where(IsUnrehearsed));

        Assert.All(granted.Concat(grantedUnrehearsed), action => Assert.DoesNotContain('*', action));
        // AWS answers GetCallerIdentity without any permission: it is in the table (the stages call it), granted by none.
        rehearsed.Remove("sts:GetCallerIdentity");
        Assert.True(granted.SetEquals(rehearsed),
            $"the {role} role and the rehearsed permissions of PERMISSIONS.md differ — granted, never used: {string.Join(", ", granted.Except(rehearsed))}; "
            + $"used, not granted: {string.Join(", ", rehearsed.Except(granted))}");
        Assert.True(grantedUnrehearsed.SetEquals(unrehearsed),
            $"the {role} role's -unrehearsed policy and the hand-kept list of PERMISSIONS.md differ — granted, not listed: "
            + $"{string.Join(", ", grantedUnrehearsed.Except(unrehearsed))}; listed, not granted: {string.Join(", ", unrehearsed.Except(grantedUnrehearsed))}");
    }

    [Fact]
    public async Task The_roles_have_no_inline_policy_and_their_boundary_is_for_the_roles_they_create()
    {
        var plan = await ReadAsync(BootstrappedAccount.PlanRole);
        var deploy = await ReadAsync(BootstrappedAccount.DeployRole);

        Assert.All(plan.IdentityPolicies.Concat(deploy.IdentityPolicies), d => Assert.StartsWith("managed policy ", d.Name, StringComparison.Ordinal));
        Assert.Null(plan.PermissionsBoundary);
        Assert.Null(deploy.PermissionsBoundary);
    }
}

using MlflowDeploy.Aws;
using MlflowDeploy.Environments;
using MlflowDeploy.Iam;

namespace MlflowDeploy.Local;

/// <summary>
/// The emulated account as CI meets a real one (<c>--least-privilege</c>): IAM enforced, infra/bootstrap applied by
/// the administrator, and each stage run as the role its workflow job assumes, with a session obtained the way
/// aws-actions/configure-aws-credentials obtains it (AssumeRoleWithWebIdentity with the job's GitHub token, subject
/// customised to name the workflow file and ref). After each stage every call the role made is decided against the
/// role's policies as IAM holds them (<see cref="ResourceScopeReport"/>), and the used permissions go to the ledger.
/// </summary>
public sealed class LeastPrivilegeAccount
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly Uri _endpoint;
    private readonly string _region;
    private readonly AwsCredentials _administrator;
    private readonly EmulatedBootstrap _bootstrap;
    private readonly DeployEnvironment _environment;
    private readonly PermissionLedger _ledger;
    private readonly Action<string> _log;
    private long _recordOffset;

    public LeastPrivilegeAccount(
        Uri endpoint, string region, AwsCredentials administrator, EmulatedBootstrap bootstrap, DeployEnvironment environment, string stackName, Action<string> log)
    {
        _endpoint = endpoint;
        _region = region;
        _administrator = administrator;
        _bootstrap = bootstrap;
        _environment = environment;
        _ledger = new PermissionLedger(stackName, EmulatedBootstrap.Account, region);
        _log = log;
    }

    /// <summary>The emulator's own identity, for what stands in for AWS itself (the Fargate stand-in); never a stage's.</summary>
    public AwsCredentials Administrator => _administrator;

    public string RoleArn(PipelineRole role) => role == PipelineRole.Deploy ? _bootstrap.DeployRoleArn : _bootstrap.PlanRoleArn;

    /// <summary>
    /// The role's session for <paramref name="stage"/>, for the token of the job that runs the stage in CI: deploy.yml's
    /// plan jobs on main (Validate, Plan), its apply job in the environment (Apply, and Verify after it, which
    /// re-assumes the plan role), destroy.yml's job in the environment (Destroy).
    /// </summary>
    public async Task<RoleSession> AssumeAsync(PipelineRole role, string stage, CancellationToken cancellationToken)
    {
        // Calls made before this stage (the bootstrap, an earlier stage's policy reads) are no stage's.
        _recordOffset = new FileInfo(_environment.Artifacts.IamCallRecord) is { Exists: true } record ? record.Length : 0;
        var (workflow, inEnvironment) = stage switch
        {
            "Destroy" => ("destroy.yml", true),
            "Apply" or "Verify" => ("deploy.yml", true),
            _ => ("deploy.yml", false),
        };
        var token = GitHubOidcToken.WithWorkflowSubject(
            EmulatedBootstrap.Repository, workflow, "refs/heads/main", inEnvironment ? _environment.Name : null, TimeProvider.System);
        var arn = RoleArn(role);
        var credentials = await EmulatedIdentity.AssumeRoleWithWebIdentityAsync(
            _endpoint, _region, arn, token, $"rehearsal-{stage.ToLowerInvariant()}", cancellationToken, WorkflowSessionDuration.For(role)).ConfigureAwait(false);
        var session = new RoleSession(role, arn, stage, token.Subject, credentials);
        _log($"{stage} runs as {session.RoleName} (AssumeRoleWithWebIdentity, sub {token.Subject}, {DurationText.Human(WorkflowSessionDuration.For(role))} session)");
        return session;
    }

    /// <summary>
    /// Decides every call <paramref name="session"/>'s role made during its stage. Each call AWS would deny ends the
    /// stage with one line naming the action and resource; calls whose resource the emulator cannot derive are
    /// counted as proven at action level only.
    /// </summary>
    public async Task CheckAsync(RoleSession session, CancellationToken cancellationToken)
    {
        var slice = await RecordedCallLog.ReadFromAsync(_environment.Artifacts.IamCallRecord, _recordOffset, cancellationToken).ConfigureAwait(false);
        _recordOffset = slice.NextOffset;
        var policies = await new IamPolicyReader(_endpoint, _administrator, Http).ReadRoleAsync(session.RoleArn, cancellationToken).ConfigureAwait(false);
        var calls = slice.Calls.Where(c => c.Principal == session.RoleArn).ToList();
        var report = ResourceScopeReport.Check(calls, [policies]);
        var role = session.Role.ToString().ToLowerInvariant();
        foreach (var call in calls)
        {
            _ledger.Add(role, session.Stage, call, PolicyEvaluator.Evaluate(policies, call));
        }

        await _ledger.WriteAsync(_environment.Artifacts.IamPermissionsMarkdown, _environment.Artifacts.IamPermissionsJson, cancellationToken).ConfigureAwait(false);
        _log($"{session.Stage} as {session.RoleName}: {calls.Count} calls checked against its policies — {report.Summary}");
        foreach (var finding in report.Findings)
        {
            _log("  " + finding.Line);
        }

        var denied = report.Findings.Where(f => f.Decision.IsDenied || f.Decision.Verdict == AccessVerdict.Undetermined).ToList();
        if (denied.Count > 0)
        {
            var more = denied.Count > 1 ? $" (and {denied.Count - 1} more above)" : "";
            throw new ActionableError(
                $"{session.Stage} ran as {session.RoleName}, and AWS would not allow {denied[0].Call.Action} on {denied[0].Decision.Resource}: "
                + $"{denied[0].Decision.Reason}{more} — grant it to the {role} role in infra/bootstrap/, or stop the stage from calling it");
        }
    }
}

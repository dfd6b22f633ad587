using MlflowDeploy.Aws;
using MlflowDeploy.Iam;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.Bootstrap;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Emulator;

/// <summary>
/// infra/bootstrap applied by terraform into an IAM-enforced emulator as its administrator, then the secrets and the
/// artifact bucket of the production stack made by the administrator, as a deploy would have left them.
/// </summary>
public sealed class BootstrappedAccount : IamEnforcedEmulator
{
    public const string Repository = "acme/mlflow-deploy";
    public const string StateBucket = "acme-mlflow-tfstate";
    public const string ArtifactBucket = "mlflow-prod-artifacts-123456789012";
    public const string PlanRole = $"arn:aws:iam::{Account}:role/mlflow-prod-github-plan";
    public const string DeployRole = $"arn:aws:iam::{Account}:role/mlflow-prod-github-deploy";
    public const string Boundary = $"arn:aws:iam::{Account}:policy/mlflow-prod-ecs-role-boundary";
    public const string DbSecret = "mlflow-prod-db-credentials-20261130";
    public const string VerifierSecret = "mlflow-prod-verifier-20261130";
    public const string LockKey = "mlflow-deploy/production/terraform.tfstate.tflock";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var module = await BootstrapModule.InitAsync();
        var environment = new Dictionary<string, string?>(module.Environment);
        foreach (var (name, value) in VariablesFor(Administrator))
        {
            environment[name] = value;
        }

        var apply = await ExternalProcess.RunAsync("terraform",
            ["apply", "-auto-approve", "-input=false", "-no-color", $"-var=github_repository={Repository}", $"-var=state_bucket_name={StateBucket}"],
            TimeSpan.FromMinutes(5), module.Directory, environment);
        Assert.True(apply.ExitCode == 0, $"terraform apply of infra/bootstrap as the administrator failed:\n{apply.StandardOutput}\n{apply.StandardError}");

        await AsAdministratorAsync("secretsmanager", "create-secret", "--name", DbSecret, "--secret-string", "{\"password\":\"not-for-plans\"}");
        await AsAdministratorAsync("secretsmanager", "create-secret", "--name", VerifierSecret, "--secret-string", "{\"username\":\"verifier\",\"password\":\"for-verify\"}");
        await AsAdministratorAsync("s3api", "create-bucket", "--bucket", ArtifactBucket, "--create-bucket-configuration", "LocationConstraint=eu-west-2");
    }

    /// <summary>A token of <paramref name="workflow"/> on <paramref name="reference"/>, with the customised subject the roles trust.</summary>
    public static GitHubOidcToken Token(string workflow, string reference = "refs/heads/main", string? environment = null, string repository = Repository) =>
        GitHubOidcToken.WithWorkflowSubject(repository, workflow, reference, environment, TimeProvider.System);

    public Task<AwsCredentials> AssumeAsync(string role, GitHubOidcToken token) =>
        EmulatedIdentity.AssumeRoleWithWebIdentityAsync(Endpoint, Region, role, token, "github-actions", CancellationToken.None);

    public Task<ExternalProcess.Result> AsAsync(AwsCredentials session, params string[] arguments) => AwsCliAsync(VariablesFor(session), arguments);
}

/// <summary>One bootstrapped emulator for every class that needs one: applying the bootstrap takes the better part of a minute.</summary>
[CollectionDefinition(Name)]
public sealed class BootstrappedAccountCollection : ICollectionFixture<BootstrappedAccount>
{
    public const string Name = "bootstrapped account";
}

/// <summary>
/// The bootstrap's roles as GitHub Actions gets them: AssumeRoleWithWebIdentity with the token of a workflow job, its
/// subject customised to name the workflow file and ref. Only the named workflows on main get a session; the plan role
/// reads but writes nothing and reads no secret value but the verifier's.
/// </summary>
[Collection(BootstrappedAccountCollection.Name)]
public sealed class BootstrapRolesTests(BootstrappedAccount account)
{
    [Fact]
    public async Task The_plan_role_of_a_pull_request_reads_the_stack_and_the_state_but_writes_nothing_and_reads_no_secret_but_the_verifiers()
    {
        var plan = await account.AssumeAsync(BootstrappedAccount.PlanRole, BootstrappedAccount.Token("plan.yml", "refs/pull/12/merge"));
        var body = Path.Combine(account.Folder, "object.txt");
        await File.WriteAllTextAsync(body, "x");

        var describeSecret = await account.AsAsync(plan, "secretsmanager", "describe-secret", "--secret-id", BootstrappedAccount.DbSecret);
        var clusters = await account.AsAsync(plan, "ecs", "describe-clusters", "--clusters", "mlflow-prod");
        var state = await account.AsAsync(plan, "s3api", "list-objects-v2", "--bucket", BootstrappedAccount.StateBucket, "--prefix", "env:/");
        var verifier = await account.AsAsync(plan, "secretsmanager", "get-secret-value", "--secret-id", BootstrappedAccount.VerifierSecret);
        var password = await account.AsAsync(plan, "secretsmanager", "get-secret-value", "--secret-id", BootstrappedAccount.DbSecret);
        var artifact = await account.AsAsync(plan, "s3api", "put-object", "--bucket", BootstrappedAccount.ArtifactBucket, "--key", "runs/1/model.pkl", "--body", body);
        var stateWrite = await account.AsAsync(plan, "s3api", "put-object", "--bucket", BootstrappedAccount.StateBucket,
            "--key", "mlflow-deploy/production/terraform.tfstate", "--body", body);
        var lockWrite = await account.AsAsync(plan, "s3api", "put-object", "--bucket", BootstrappedAccount.StateBucket, "--key", BootstrappedAccount.LockKey, "--body", body);

        Assert.True(describeSecret.ExitCode == 0, describeSecret.StandardError);
        Assert.True(clusters.ExitCode == 0, clusters.StandardError);
        Assert.True(state.ExitCode == 0, state.StandardError);
        Assert.True(verifier.ExitCode == 0, verifier.StandardError);
        Assert.Contains("AccessDenied", password.StandardError);
        Assert.Contains($"not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:eu-west-2:123456789012:secret:{BootstrappedAccount.DbSecret}", password.StandardError);
        Assert.Contains($"not authorized to perform: s3:PutObject on resource: arn:aws:s3:::{BootstrappedAccount.ArtifactBucket}/runs/1/model.pkl", artifact.StandardError);
        Assert.Contains("not authorized to perform: s3:PutObject", stateWrite.StandardError);
        Assert.Contains($"not authorized to perform: s3:PutObject on resource: arn:aws:s3:::{BootstrappedAccount.StateBucket}/{BootstrappedAccount.LockKey}", lockWrite.StandardError);
    }

    [Fact]
    public async Task Only_the_named_workflows_on_main_get_a_session()
    {
        async Task<string> RefusedAsync(string role, GitHubOidcToken token) =>
            (await Assert.ThrowsAsync<ActionableError>(() => account.AssumeAsync(role, token))).Message;

        // The plan role: deploy.yml and nightly.yml on main, plan.yml of a pull request, deploy.yml's Verify in its environment.
        await account.AssumeAsync(BootstrappedAccount.PlanRole, BootstrappedAccount.Token("deploy.yml"));
        await account.AssumeAsync(BootstrappedAccount.PlanRole, BootstrappedAccount.Token("nightly.yml"));
        await account.AssumeAsync(BootstrappedAccount.PlanRole, BootstrappedAccount.Token("deploy.yml", environment: "production"));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.PlanRole, BootstrappedAccount.Token("plan.yml", "refs/pull/1/merge", repository: "evil/mlflow-deploy")));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.PlanRole, BootstrappedAccount.Token("deploy.yml", "refs/heads/feature")));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.PlanRole, BootstrappedAccount.Token("other.yml")));
        // GitHub's default subject (the customisation of docs/one-time-setup.md not made) is trusted by no role.
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.PlanRole, GitHubOidcToken.ForBranch(BootstrappedAccount.Repository, "deploy.yml", "main", TimeProvider.System)));

        // The deploy role: deploy.yml and destroy.yml on main, in the production environment, nothing else.
        await account.AssumeAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("deploy.yml", environment: "production"));
        await account.AssumeAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("destroy.yml", environment: "production"));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("deploy.yml", "refs/heads/feature", "production")));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("plan.yml", environment: "production")));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("deploy.yml", environment: "staging")));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("deploy.yml")));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("plan.yml", "refs/pull/12/merge")));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.DeployRole,
            GitHubOidcToken.ForEnvironment(BootstrappedAccount.Repository, "deploy.yml", "production", "main", TimeProvider.System)));
    }

    [Fact]
    public async Task The_deploy_role_writes_its_own_state_and_lock_but_not_another_environments()
    {
        var deploy = await account.AssumeAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("deploy.yml", environment: "production"));
        var body = Path.Combine(account.Folder, "state.json");
        await File.WriteAllTextAsync(body, "{}");

        var write = await account.AsAsync(deploy, "s3api", "put-object", "--bucket", BootstrappedAccount.StateBucket,
            "--key", "mlflow-deploy/production/terraform.tfstate", "--body", body);
        var lockWrite = await account.AsAsync(deploy, "s3api", "put-object", "--bucket", BootstrappedAccount.StateBucket, "--key", BootstrappedAccount.LockKey, "--body", body);
        var otherEnvironment = await account.AsAsync(deploy, "s3api", "put-object", "--bucket", BootstrappedAccount.StateBucket,
            "--key", "mlflow-deploy/staging/terraform.tfstate", "--body", body);

        Assert.True(write.ExitCode == 0, write.StandardError);
        Assert.True(lockWrite.ExitCode == 0, lockWrite.StandardError);
        Assert.Contains("not authorized to perform: s3:PutObject", otherEnvironment.StandardError);
    }
}

/// <summary>
/// The deploy role cannot make itself an administrator: a role it creates without the stack's permissions boundary is
/// refused (in the call record's evaluation: moto does not evaluate conditions live), the boundary cannot be removed,
/// no role can be assumed, and no snapshot deleted (explicit denials, refused live).
/// </summary>
[Collection(BootstrappedAccountCollection.Name)]
public sealed class DeployRoleEscalationTests(BootstrappedAccount account)
{
    private static string TrustingTheDeployRole => $$"""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{BootstrappedAccount.DeployRole}}"},"Action":"sts:AssumeRole"}]}
        """;

    private const string Everything = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private async Task<ResourceScopeReport> RecordedAsync(long offset)
    {
        var slice = await RecordedCallLog.ReadFromAsync(account.CallRecord, offset, CancellationToken.None);
        using var http = new HttpClient();
        var policies = await new IamPolicyReader(account.Endpoint, account.Administrator, http).ReadRoleAsync(BootstrappedAccount.DeployRole, CancellationToken.None);
        return ResourceScopeReport.Check(slice.Calls, [policies]);
    }

    [Fact]
    public async Task A_role_without_the_boundary_is_refused()
    {
        var deploy = await account.AssumeAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("deploy.yml", environment: "production"));
        var offset = new FileInfo(account.CallRecord).Length;

        var created = await account.AsAsync(deploy, "iam", "create-role", "--role-name", "mlflow-prod-ecs-escalate", "--assume-role-policy-document", TrustingTheDeployRole);
        var report = await RecordedAsync(offset);

        Assert.True(created.ExitCode == 0, "moto decides conditions only in the record; the live call passes: " + created.StandardError);
        var denial = Assert.Single(report.Denied, f => f.Call.Action == "iam:CreateRole");
        Assert.Equal("arn:aws:iam::123456789012:role/mlflow-prod-ecs-escalate", denial.Decision.Resource);
        Assert.Contains("NoRoleWithoutTheBoundary", denial.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_with_the_boundary_cannot_be_assumed_nor_freed_of_it()
    {
        var deploy = await account.AssumeAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("deploy.yml", environment: "production"));
        var offset = new FileInfo(account.CallRecord).Length;

        var created = await account.AsAsync(deploy, "iam", "create-role", "--role-name", "mlflow-prod-ecs-bounded",
            "--assume-role-policy-document", TrustingTheDeployRole, "--permissions-boundary", BootstrappedAccount.Boundary);
        var everything = await account.AsAsync(deploy, "iam", "put-role-policy", "--role-name", "mlflow-prod-ecs-bounded", "--policy-name", "all", "--policy-document", Everything);
        var assumed = await account.AsAsync(deploy, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/mlflow-prod-ecs-bounded", "--role-session-name", "escalate");
        var unbounded = await account.AsAsync(deploy, "iam", "delete-role-permissions-boundary", "--role-name", "mlflow-prod-ecs-bounded");
        var report = await RecordedAsync(offset);

        Assert.True(created.ExitCode == 0, created.StandardError);
        Assert.True(everything.ExitCode == 0, everything.StandardError);
        Assert.Contains("not authorized to perform: sts:AssumeRole", assumed.StandardError);
        Assert.Contains("not authorized to perform: iam:DeleteRolePermissionsBoundary", unbounded.StandardError);
        // Creating the role with the boundary and putting a policy on it are within the role's rights: the boundary caps it.
        Assert.DoesNotContain(report.Denied, f => f.Call.Action is "iam:CreateRole" or "iam:PutRolePolicy");
    }

    [Fact]
    public async Task No_snapshot_can_be_deleted()
    {
        var deploy = await account.AssumeAsync(BootstrappedAccount.DeployRole, BootstrappedAccount.Token("destroy.yml", environment: "production"));

        var snapshot = await account.AsAsync(deploy, "rds", "delete-db-snapshot", "--db-snapshot-identifier", "mlflow-prod-db-final-20261130");
        var cluster = await account.AsAsync(deploy, "rds", "delete-db-cluster-snapshot", "--db-cluster-snapshot-identifier", "mlflow-prod-db-final-20261130");

        Assert.Contains("not authorized to perform: rds:DeleteDBSnapshot", snapshot.StandardError);
        Assert.Contains("not authorized to perform: rds:DeleteDBClusterSnapshot", cluster.StandardError);
    }
}

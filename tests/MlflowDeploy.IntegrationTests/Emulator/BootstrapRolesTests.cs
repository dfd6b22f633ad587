using MlflowDeploy.Aws;
using MlflowDeploy.Local;
using MlflowDeploy.Tests.Bootstrap;
using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Emulator;

/// <summary>
/// infra/bootstrap applied by terraform into an IAM-enforced emulator as its administrator, then a secret and an
/// artifact bucket of the production stack made by the administrator, as a deploy would have left them.
/// </summary>
public sealed class BootstrappedAccount : IamEnforcedEmulator
{
    public const string Repository = "acme/mlflow-deploy";
    public const string StateBucket = "acme-mlflow-tfstate";
    public const string ArtifactBucket = "mlflow-prod-artifacts-123456789012";
    public const string PlanRole = $"arn:aws:iam::{Account}:role/mlflow-prod-github-plan";
    public const string DeployRole = $"arn:aws:iam::{Account}:role/mlflow-prod-github-deploy";

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

        await AsAdministratorAsync("secretsmanager", "create-secret", "--name", "mlflow-prod-db-credentials", "--secret-string", "{\"password\":\"not-for-plans\"}");
        await AsAdministratorAsync("s3api", "create-bucket", "--bucket", ArtifactBucket, "--create-bucket-configuration", "LocationConstraint=eu-west-2");
    }
}

/// <summary>
/// The bootstrap's roles as GitHub Actions gets them: AssumeRoleWithWebIdentity with the token of a pull request,
/// a main-branch run or a job in the production environment. The plan role reads but cannot read the database
/// password or write artifacts; a token of another repository or the wrong kind of run gets no session.
/// </summary>
public sealed class BootstrapRolesTests(BootstrappedAccount account) : IClassFixture<BootstrappedAccount>
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    private Task<AwsCredentials> AssumeAsync(string role, GitHubOidcToken token) =>
        EmulatedIdentity.AssumeRoleWithWebIdentityAsync(account.Endpoint, IamEnforcedEmulator.Region, role, token, "github-actions", CancellationToken.None);

    private async Task<ExternalProcess.Result> AsAsync(AwsCredentials session, params string[] arguments) =>
        await IamEnforcedEmulator.AwsCliAsync(account.VariablesFor(session), arguments);

    [Fact]
    public async Task The_plan_role_of_a_pull_request_reads_the_stack_and_the_state_but_not_the_secret_value_nor_the_artifact_bucket()
    {
        var plan = await AssumeAsync(BootstrappedAccount.PlanRole, GitHubOidcToken.ForPullRequest(BootstrappedAccount.Repository, "plan.yml", 12, Clock));
        var body = Path.Combine(account.Folder, "object.txt");
        await File.WriteAllTextAsync(body, "x");

        var describeSecret = await AsAsync(plan, "secretsmanager", "describe-secret", "--secret-id", "mlflow-prod-db-credentials");
        var clusters = await AsAsync(plan, "ecs", "describe-clusters", "--clusters", "mlflow-prod");
        var state = await AsAsync(plan, "s3api", "list-objects-v2", "--bucket", BootstrappedAccount.StateBucket, "--prefix", "env:/");
        var secretValue = await AsAsync(plan, "secretsmanager", "get-secret-value", "--secret-id", "mlflow-prod-db-credentials");
        var artifact = await AsAsync(plan, "s3api", "put-object", "--bucket", BootstrappedAccount.ArtifactBucket, "--key", "runs/1/model.pkl", "--body", body);
        var stateWrite = await AsAsync(plan, "s3api", "put-object", "--bucket", BootstrappedAccount.StateBucket,
            "--key", "mlflow-deploy/production/terraform.tfstate", "--body", body);

        Assert.True(describeSecret.ExitCode == 0, describeSecret.StandardError);
        Assert.True(clusters.ExitCode == 0, clusters.StandardError);
        Assert.True(state.ExitCode == 0, state.StandardError);
        Assert.Contains("not authorized to perform: secretsmanager:GetSecretValue", secretValue.StandardError);
        Assert.Contains($"not authorized to perform: s3:PutObject on resource: arn:aws:s3:::{BootstrappedAccount.ArtifactBucket}/runs/1/model.pkl", artifact.StandardError);
        Assert.Contains("not authorized to perform: s3:PutObject", stateWrite.StandardError);
    }

    [Fact]
    public async Task A_token_of_another_repository_or_the_wrong_kind_of_run_gets_no_session()
    {
        async Task<string> RefusedAsync(string role, GitHubOidcToken token) =>
            (await Assert.ThrowsAsync<ActionableError>(() => AssumeAsync(role, token))).Message;

        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.PlanRole, GitHubOidcToken.ForPullRequest("evil/mlflow-deploy", "plan.yml", 1, Clock)));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.PlanRole, GitHubOidcToken.ForBranch(BootstrappedAccount.Repository, "plan.yml", "feature", Clock)));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.DeployRole, GitHubOidcToken.ForPullRequest(BootstrappedAccount.Repository, "deploy.yml", 12, Clock)));
        Assert.Contains("AccessDenied", await RefusedAsync(BootstrappedAccount.DeployRole,
            GitHubOidcToken.ForEnvironment(BootstrappedAccount.Repository, "deploy.yml", "staging", "main", Clock)));
    }

    [Fact]
    public async Task The_deploy_role_of_a_production_job_writes_the_state_the_plan_role_cannot()
    {
        var deploy = await AssumeAsync(BootstrappedAccount.DeployRole,
            GitHubOidcToken.ForEnvironment(BootstrappedAccount.Repository, "deploy.yml", "production", "main", Clock));
        var body = Path.Combine(account.Folder, "state.json");
        await File.WriteAllTextAsync(body, "{}");

        var write = await AsAsync(deploy, "s3api", "put-object", "--bucket", BootstrappedAccount.StateBucket,
            "--key", "mlflow-deploy/production/terraform.tfstate", "--body", body);
        var otherEnvironment = await AsAsync(deploy, "s3api", "put-object", "--bucket", BootstrappedAccount.StateBucket,
            "--key", "mlflow-deploy/staging/terraform.tfstate", "--body", body);

        Assert.True(write.ExitCode == 0, write.StandardError);
        Assert.Contains("not authorized to perform: s3:PutObject", otherEnvironment.StandardError);
    }
}

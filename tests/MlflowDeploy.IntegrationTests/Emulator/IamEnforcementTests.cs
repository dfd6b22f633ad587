using MlflowDeploy.Aws;
using MlflowDeploy.Local;

namespace MlflowDeploy.Tests.Emulator;

/// <summary>
/// What the launcher's IAM enforcement fixes in moto 5.2.1, each measured against the running launcher: unsigned
/// web-identity exchanges with their trust conditions, AssumeRole under an account-root trust, S3 signatures over
/// percent-encoded requests, S3's real action names, sessions held to their role's policies and boundary.
/// </summary>
public sealed class IamEnforcementTests(IamEnforcedEmulator moto) : IClassFixture<IamEnforcedEmulator>
{
    private const string Provider = $"arn:aws:iam::{IamEnforcedEmulator.Account}:oidc-provider/token.actions.githubusercontent.com";
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static string GitHubTrust(string subject) => $$$"""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{{Provider}}}"},"Action":"sts:AssumeRoleWithWebIdentity",
         "Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"{{{subject}}}"},
                      "StringLike":{"token.actions.githubusercontent.com:job_workflow_ref":"acme/app/.github/workflows/deploy.yml@refs/heads/main"} } }]}
        """;

    private const string ReadClusters = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecs:ListClusters","ecs:DescribeClusters"],"Resource":"*"}]}""";

    private async Task EnsureProviderAsync()
    {
        var providers = await moto.AsAdministratorAsync("iam", "list-open-id-connect-providers");
        if (providers.GetProperty("OpenIDConnectProviderList").GetArrayLength() == 0)
        {
            await moto.AsAdministratorAsync("iam", "create-open-id-connect-provider", "--url", GitHubOidcToken.Issuer,
                "--client-id-list", "sts.amazonaws.com", "--thumbprint-list", "6938fd4d98bab03faadb97b34396831e3780aea1");
        }
    }

    [Fact]
    public async Task Unknown_credentials_are_refused_once_the_administrator_exists()
    {
        var stranger = await IamEnforcedEmulator.AwsCliAsync(moto.VariablesFor(new AwsCredentials("AKIASTRANGER00000000", "x")), "sts", "get-caller-identity");
        var administrator = await moto.AsAdministratorAsync("sts", "get-caller-identity");

        Assert.NotEqual(0, stranger.ExitCode);
        Assert.Contains("InvalidClientTokenId", stranger.StandardError);
        Assert.EndsWith($"user/{EmulatedIdentity.AdministratorName}", administrator.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task A_GitHub_token_whose_claims_meet_the_trust_conditions_gets_a_session_and_its_role_policy_decides()
    {
        await EnsureProviderAsync();
        var role = await moto.CreateRoleAsync("deploy-main", GitHubTrust("repo:acme/app:environment:production"), ReadClusters);
        var token = GitHubOidcToken.ForEnvironment("acme/app", "deploy.yml", "production", "main", Clock);

        var session = await EmulatedIdentity.AssumeRoleWithWebIdentityAsync(moto.Endpoint, IamEnforcedEmulator.Region, role, token, "deploy", CancellationToken.None);
        var whoami = await IamEnforcedEmulator.AwsCliAsync(moto.VariablesFor(session), "sts", "get-caller-identity");
        var allowed = await IamEnforcedEmulator.AwsCliAsync(moto.VariablesFor(session), "ecs", "list-clusters");
        var denied = await IamEnforcedEmulator.AwsCliAsync(moto.VariablesFor(session), "ecs", "create-cluster", "--cluster-name", "not-granted");

        Assert.Contains("assumed-role/deploy-main/deploy", whoami.StandardOutput);
        Assert.Equal(0, allowed.ExitCode);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("not authorized to perform: ecs:CreateCluster", denied.StandardError);
    }

    [Fact]
    public async Task The_trust_conditions_refuse_another_subject_another_workflow_another_audience_and_an_expired_token()
    {
        await EnsureProviderAsync();
        var role = await moto.CreateRoleAsync("deploy-strict", GitHubTrust("repo:acme/app:environment:production"), ReadClusters);
        var good = GitHubOidcToken.ForEnvironment("acme/app", "deploy.yml", "production", "main", Clock);

        async Task<string> RefusalAsync(GitHubOidcToken token) =>
            (await Assert.ThrowsAsync<ActionableError>(() =>
                EmulatedIdentity.AssumeRoleWithWebIdentityAsync(moto.Endpoint, IamEnforcedEmulator.Region, role, token, "refused", CancellationToken.None))).Message;

        Assert.Contains("AccessDenied", await RefusalAsync(good with { Subject = "repo:acme/app:environment:staging" }));
        Assert.Contains("AccessDenied", await RefusalAsync(GitHubOidcToken.ForPullRequest("acme/app", "deploy.yml", 7, Clock)));
        Assert.Contains("AccessDenied", await RefusalAsync(good with { JobWorkflowRef = "acme/app/.github/workflows/deploy.yml@refs/heads/feature" }));
        Assert.Contains("InvalidIdentityToken", await RefusalAsync(good with { Audience = "https://github.com/acme" }));
        Assert.Contains("ExpiredToken", await RefusalAsync(good with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }));
    }

    [Fact]
    public async Task The_SDKs_exchange_a_token_file_themselves_as_a_GitHub_job_with_AWS_WEB_IDENTITY_TOKEN_FILE_does()
    {
        await EnsureProviderAsync();
        var role = await moto.CreateRoleAsync("plan-from-file", GitHubTrust("repo:acme/app:environment:production"), ReadClusters);
        var file = await GitHubOidcToken.ForEnvironment("acme/app", "deploy.yml", "production", "main", Clock)
            .WriteAsync(Path.Combine(moto.Folder, "token"), CancellationToken.None);

        // The awscli caches web-identity sessions in ~/.aws/cli/cache by role and session name: a fixed name would
        // reuse a session an earlier emulator issued (refused here as an unknown token) for up to an hour.
        var sessionName = $"from-file-{Guid.NewGuid():N}";
        var whoami = await IamEnforcedEmulator.AwsCliAsync(
            EmulatedIdentity.WebIdentityVariables(moto.Endpoint, IamEnforcedEmulator.Region, role, file, sessionName), "sts", "get-caller-identity");

        Assert.True(whoami.ExitCode == 0, whoami.StandardError);
        Assert.Contains($"assumed-role/plan-from-file/{sessionName}", whoami.StandardOutput);
    }

    [Fact]
    public async Task AssumeRole_under_a_trust_of_the_account_works_and_the_boundary_limits_the_session()
    {
        var boundary = (await moto.AsAdministratorAsync("iam", "create-policy", "--policy-name", "only-list",
            "--policy-document", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:ListClusters","Resource":"*"}]}"""))
            .GetProperty("Policy").GetProperty("Arn").GetString()!;
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{IamEnforcedEmulator.Account}}:root"},"Action":"sts:AssumeRole"}]}""";
        var role = await moto.CreateRoleAsync("bounded", trust, ReadClusters, boundary);

        var assumed = await moto.AsAdministratorAsync("sts", "assume-role", "--role-arn", role, "--role-session-name", "admin-session");
        var c = assumed.GetProperty("Credentials");
        var session = new AwsCredentials(c.GetProperty("AccessKeyId").GetString()!, c.GetProperty("SecretAccessKey").GetString()!, c.GetProperty("SessionToken").GetString());
        var list = await IamEnforcedEmulator.AwsCliAsync(moto.VariablesFor(session), "ecs", "list-clusters");
        var describe = await IamEnforcedEmulator.AwsCliAsync(moto.VariablesFor(session), "ecs", "describe-clusters", "--clusters", "x");

        Assert.Equal(0, list.ExitCode);
        Assert.NotEqual(0, describe.ExitCode);
        Assert.Contains("no permissions boundary allows the ecs:DescribeClusters action", describe.StandardError);
    }

    [Fact]
    public async Task A_trust_that_names_the_caller_needs_no_identity_permission_and_a_trust_of_the_account_does()
    {
        var accountTrust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{IamEnforcedEmulator.Account}}:root"},"Action":"sts:AssumeRole"}]}""";
        var caller = await moto.CreateRoleAsync("caller-without-assume", accountTrust, ReadClusters);
        var named = await moto.CreateRoleAsync("trusts-the-caller",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{caller}}"},"Action":"sts:AssumeRole"}]}""", ReadClusters);
        var delegated = await moto.CreateRoleAsync("trusts-the-account", accountTrust, ReadClusters);
        var c = (await moto.AsAdministratorAsync("sts", "assume-role", "--role-arn", caller, "--role-session-name", "caller")).GetProperty("Credentials");
        var session = moto.VariablesFor(new AwsCredentials(c.GetProperty("AccessKeyId").GetString()!, c.GetProperty("SecretAccessKey").GetString()!, c.GetProperty("SessionToken").GetString()));

        // As on AWS: this is how a role that may create roles trusting itself escalates without holding sts:AssumeRole.
        var viaNamedTrust = await IamEnforcedEmulator.AwsCliAsync(session, "sts", "assume-role", "--role-arn", named, "--role-session-name", "named");
        var viaAccountTrust = await IamEnforcedEmulator.AwsCliAsync(session, "sts", "assume-role", "--role-arn", delegated, "--role-session-name", "account");

        Assert.True(viaNamedTrust.ExitCode == 0, viaNamedTrust.StandardError);
        Assert.Contains("not authorized to perform: sts:AssumeRole", viaAccountTrust.StandardError);
    }

    [Fact]
    public async Task S3_requests_with_percent_encoded_keys_and_prefixes_pass_the_signature_check()
    {
        await moto.AsAdministratorAsync("s3api", "create-bucket", "--bucket", "state-encoded", "--create-bucket-configuration", "LocationConstraint=eu-west-2");
        var body = Path.Combine(moto.Folder, "state.json");
        await File.WriteAllTextAsync(body, "{}");

        await moto.AsAdministratorAsync("s3api", "put-object", "--bucket", "state-encoded", "--key", "env:/staging/terraform.tfstate", "--body", body);
        var listed = await moto.AsAdministratorAsync("s3api", "list-objects-v2", "--bucket", "state-encoded", "--prefix", "env:/");

        Assert.Equal("env:/staging/terraform.tfstate", listed.GetProperty("Contents")[0].GetProperty("Key").GetString());
    }

    [Fact]
    public async Task S3_bucket_subresources_are_authorised_under_their_real_IAM_action_names()
    {
        await moto.AsAdministratorAsync("s3api", "create-bucket", "--bucket", "named-actions", "--create-bucket-configuration", "LocationConstraint=eu-west-2");
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{IamEnforcedEmulator.Account}}:root"},"Action":"sts:AssumeRole"}]}""";
        var role = await moto.CreateRoleAsync("versioning-reader", trust,
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetBucketVersioning","s3:GetBucketPublicAccessBlock"],"Resource":"arn:aws:s3:::named-actions"}]}""");
        var c = (await moto.AsAdministratorAsync("sts", "assume-role", "--role-arn", role, "--role-session-name", "reader")).GetProperty("Credentials");
        var session = moto.VariablesFor(new AwsCredentials(c.GetProperty("AccessKeyId").GetString()!, c.GetProperty("SecretAccessKey").GetString()!, c.GetProperty("SessionToken").GetString()));

        var versioning = await IamEnforcedEmulator.AwsCliAsync(session, "s3api", "get-bucket-versioning", "--bucket", "named-actions");
        var publicAccess = await IamEnforcedEmulator.AwsCliAsync(session, "s3api", "get-public-access-block", "--bucket", "named-actions");
        var listing = await IamEnforcedEmulator.AwsCliAsync(session, "s3api", "list-objects-v2", "--bucket", "named-actions");

        Assert.True(versioning.ExitCode == 0, versioning.StandardError);
        // Answered (moto has no such configuration) rather than refused: s3:GetBucketPublicAccessBlock was the action checked.
        Assert.DoesNotContain("AccessDenied", publicAccess.StandardError);
        Assert.Contains("not authorized to perform: s3:ListBucket", listing.StandardError);
    }
}

using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using MlflowDeploy.Aws;
using MlflowDeploy.Iam;

namespace MlflowDeploy.Local;

/// <summary>
/// Identities in an IAM-enforced emulator (<see cref="MotoOptions.IamEnforced"/>): the administrator made in the
/// emulator's first <see cref="AdministratorSetupCalls"/> unauthenticated calls, and role sessions obtained the way
/// GitHub Actions obtains them, by AssumeRoleWithWebIdentity with an OIDC token, either directly or through a token
/// file that terraform, the awscli and the library's SDK clients exchange themselves.
/// </summary>
public static class EmulatedIdentity
{
    /// <summary>CreateUser, PutUserPolicy, CreateAccessKey: moto lets exactly these through unauthenticated.</summary>
    public const int AdministratorSetupCalls = 3;

    public const string AdministratorName = "mlflow-deploy-administrator";

    private static readonly XNamespace IamNs = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static readonly XNamespace StsNs = "https://sts.amazonaws.com/doc/2011-06-15/";

    // One attempt: a retried setup call would spend one more of the unauthenticated calls.
    private static readonly AwsRetryPolicy SingleAttempt = AwsRetryPolicy.Default with { MaxAttempts = 1 };

    /// <summary>
    /// Creates the administrator (inline <c>*:*</c>, one access key) and proves that enforcement is now on: the
    /// emulator must refuse unknown credentials and accept the administrator's. Call it first, before anything
    /// else talks to the emulator.
    /// </summary>
    public static async Task<AwsCredentials> CreateAdministratorAsync(Uri endpoint, HttpClient http, CancellationToken cancellationToken)
    {
        var unauthenticated = new AwsCredentials("AKIAUNAUTHENTICATED0", "unauthenticated");
        var anyone = Iam(endpoint, unauthenticated, http);
        const string everything = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        await anyone.CallAsync("CreateUser", Form(("UserName", AdministratorName)), cancellationToken).ConfigureAwait(false);
        // PutUserPolicy answers without a result element, which the Query client requires; the transport alone sends it.
        var policyForm = Form(("Action", "PutUserPolicy"), ("Version", "2010-05-08"), ("UserName", AdministratorName),
            ("PolicyName", "administrator"), ("PolicyDocument", everything));
        await new AwsTransport(http, unauthenticated, "us-east-1", SingleAttempt).SendAsync(IamPolicyReader.Iam, "PutUserPolicy",
            () => new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(policyForm) }, cancellationToken).ConfigureAwait(false);
        var key = (await anyone.CallAsync("CreateAccessKey", Form(("UserName", AdministratorName)), cancellationToken).ConfigureAwait(false))
            .Element(IamNs + "AccessKey") ?? throw new InvalidDataException("CreateAccessKey returned no AccessKey");
        var administrator = new AwsCredentials(key.Element(IamNs + "AccessKeyId")!.Value, key.Element(IamNs + "SecretAccessKey")!.Value);

        if (await CallerArnAsync(endpoint, new AwsCredentials("AKIAUNAUTHENTICATED0", "unauthenticated"), http, cancellationToken).ConfigureAwait(false) is { } stranger)
        {
            throw new ActionableError(
                $"the emulator at {endpoint} still accepts unknown credentials (as {stranger}) after the administrator was created — start it with MotoOptions.IamEnforced",
                exitCode: 2);
        }

        if (await CallerArnAsync(endpoint, administrator, http, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ActionableError($"the emulator at {endpoint} refuses the administrator it just created — it had spent its unauthenticated calls before; start a fresh one", 2);
        }

        return administrator;
    }

    /// <summary>
    /// A role session for <paramref name="token"/>, as aws-actions/configure-aws-credentials gets one: an unsigned
    /// AssumeRoleWithWebIdentity. A token the role does not trust fails with an <see cref="ActionableError"/> that names the subject.
    /// </summary>
    public static async Task<AwsCredentials> AssumeRoleWithWebIdentityAsync(
        Uri endpoint, string region, string roleArn, GitHubOidcToken token, string sessionName, CancellationToken cancellationToken, TimeSpan? duration = null)
    {
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 };
        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
        try
        {
            var response = await sts.AssumeRoleWithWebIdentityAsync(
                new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = roleArn, RoleSessionName = sessionName, WebIdentityToken = token.ToJwt(),
                    DurationSeconds = duration is { } d ? (int)d.TotalSeconds : null,
                },
                cancellationToken).ConfigureAwait(false);
            var c = response.Credentials;
            return new AwsCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
        }
        catch (AmazonServiceException e)
        {
            var status = e.StatusCode == 0 ? (int?)null : (int)e.StatusCode;
            var error = new AwsServiceException(AwsService.Sts, "AssumeRoleWithWebIdentity", AwsErrorClassifier.Classify(e.ErrorCode, status),
                e.ErrorCode, e.Message, status, e, "sts:AssumeRoleWithWebIdentity");
            throw new ActionableError($"{roleArn} refused the GitHub token with sub '{token.Subject}' ({e.ErrorCode}: {error.ErrorMessage})", 2, error);
        }
    }

    /// <summary>Environment that makes terraform, the awscli and the library run as <paramref name="credentials"/> against the emulator.</summary>
    public static IReadOnlyDictionary<string, string?> CredentialVariables(Uri endpoint, string region, AwsCredentials credentials) =>
        new Dictionary<string, string?>(EmulatedAccount.Variables(endpoint, region))
        {
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = credentials.SessionToken,
        };

    /// <summary>
    /// Environment in which the AWS SDKs assume <paramref name="roleArn"/> themselves from a token file (the SDKs'
    /// web-identity provider), as a GitHub job with <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> does. <c>AWS_ENDPOINT_URL_STS</c>
    /// is set too: terraform's S3 backend sends its token exchange to sts.REGION.amazonaws.com without it.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> WebIdentityVariables(Uri endpoint, string region, string roleArn, string tokenFile, string sessionName) =>
        new Dictionary<string, string?>(EmulatedAccount.Variables(endpoint, region))
        {
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_ENDPOINT_URL_STS"] = endpoint.ToString().TrimEnd('/'),
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile,
            ["AWS_ROLE_ARN"] = roleArn,
            ["AWS_ROLE_SESSION_NAME"] = sessionName,
        };

    private static async Task<string?> CallerArnAsync(Uri endpoint, AwsCredentials credentials, HttpClient http, CancellationToken cancellationToken)
    {
        var client = new AwsQueryClient(new AwsTransport(http, credentials, "us-east-1", SingleAttempt), AwsService.Sts, endpoint, "2011-06-15", StsNs);
        try
        {
            return (await client.CallAsync("GetCallerIdentity", [], cancellationToken).ConfigureAwait(false)).Element(StsNs + "Arn")?.Value;
        }
        catch (ActionableError e) when (e.InnerException is AwsServiceException { Category: AwsErrorCategory.InvalidCredentials })
        {
            return null;
        }
    }

    private static AwsQueryClient Iam(Uri endpoint, AwsCredentials credentials, HttpClient http) =>
        new(new AwsTransport(http, credentials, "us-east-1", SingleAttempt), IamPolicyReader.Iam, endpoint, "2010-05-08", IamNs);

    private static KeyValuePair<string, string>[] Form(params (string Name, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToArray();
}

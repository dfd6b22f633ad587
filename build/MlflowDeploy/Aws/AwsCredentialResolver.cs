using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace MlflowDeploy.Aws;

/// <summary>
/// Credentials from the AWS SDK's default chain: environment variables, profiles (incl. SSO), web identity
/// (GitHub OIDC through aws-actions/configure-aws-credentials; needs AWSSDK.SecurityToken, which we reference),
/// container and instance roles. Resolved once per run: a run lasts minutes, well inside any session's life.
/// </summary>
public static class AwsCredentialResolver
{
    // The chain ends with the instance metadata service, which off EC2 only gives up after its own timeouts.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<AwsCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        ImmutableCredentials? credentials;
        try
        {
            var identity = await new DefaultAWSCredentialsIdentityResolver()
                .ResolveIdentityAsync(null, cancellationToken)
                .WaitAsync(Deadline, cancellationToken)
                .ConfigureAwait(false);
            credentials = await identity.GetCredentialsAsync().WaitAsync(Deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            // Web identity and SSO call STS/SSO while resolving; an expired token shows up here.
            var error = new AwsServiceException(AwsService.Sts, "AssumeRoleWithWebIdentity",
                AwsErrorClassifier.Classify(e.ErrorCode ?? "", (int)e.StatusCode), e.ErrorCode ?? "", e.Message, (int)e.StatusCode, e);
            throw (Exception?)AwsActionableErrors.For(error) ?? AwsActionableErrors.NoCredentials(e.Message);
        }
        catch (AmazonClientException e)
        {
            throw AwsActionableErrors.NoCredentials(e.Message);
        }
        catch (TimeoutException)
        {
            throw AwsActionableErrors.NoCredentials($"the credential chain gave no answer within {DurationText.Human(Deadline)}");
        }
        if (credentials is null || string.IsNullOrEmpty(credentials.AccessKey) || string.IsNullOrEmpty(credentials.SecretKey))
            throw AwsActionableErrors.NoCredentials("the credential chain returned empty credentials");
        return new AwsCredentials(credentials.AccessKey, credentials.SecretKey, string.IsNullOrEmpty(credentials.Token) ? null : credentials.Token);
    }
}

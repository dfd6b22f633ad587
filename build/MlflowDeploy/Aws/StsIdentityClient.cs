using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace MlflowDeploy.Aws;

public sealed record CallerIdentity(string Account, string Arn, string UserId);

/// <summary>Who the credentials belong to (STS GetCallerIdentity, which needs no IAM permission).</summary>
public sealed class StsIdentityClient(IAmazonSecurityTokenService sts, int maxAttempts) : IDisposable
{
    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return new CallerIdentity(response.Account, response.Arn, response.UserId);
        }
        catch (AmazonServiceException e)
        {
            throw SdkErrorTranslation.Translate(AwsService.Sts, "GetCallerIdentity", e, maxAttempts);
        }
        catch (HttpRequestException e)
        {
            throw SdkErrorTranslation.Unreachable(AwsService.Sts, "GetCallerIdentity", e, maxAttempts);
        }
    }

    public void Dispose() => sts.Dispose();
}

using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace MlflowDeploy.Aws;

public sealed record CallerIdentity(string Account, string Arn, string UserId);

/// <summary>Who the credentials belong to (STS GetCallerIdentity, which needs no IAM permission).</summary>
public sealed class StsIdentityClient : IDisposable
{
    private readonly IAmazonSecurityTokenService _sts;
    private readonly int _maxAttempts;

    internal StsIdentityClient(IAmazonSecurityTokenService sts, int maxAttempts)
    {
        _sts = sts;
        _maxAttempts = maxAttempts;
    }

    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return new CallerIdentity(response.Account, response.Arn, response.UserId);
        }
        catch (AmazonServiceException e)
        {
            throw SdkErrorTranslation.Translate(AwsService.Sts, "GetCallerIdentity", e, _maxAttempts);
        }
        catch (HttpRequestException e)
        {
            throw SdkErrorTranslation.Unreachable(AwsService.Sts, "GetCallerIdentity", e, _maxAttempts);
        }
    }

    public void Dispose() => _sts.Dispose();
}

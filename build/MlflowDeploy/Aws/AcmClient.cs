using System.Text.Json.Nodes;

namespace MlflowDeploy.Aws;

/// <summary>ACM (JSON 1.1, <c>CertificateManager.*</c>): the one call Validate makes about an HTTPS certificate.</summary>
public sealed class AcmClient
{
    private readonly AwsJsonClient _json;

    internal AcmClient(AwsJsonClient json) => _json = json;

    public const string TargetPrefix = "CertificateManager";
    public static readonly AwsService Service = new("acm", "acm", "ACM");

    /// <summary>Clients for the same credentials, region and endpoint settings as <see cref="AwsClients.Create"/>.</summary>
    public static AcmClient Create(AwsCredentials credentials, string region, HttpClient http, Func<string, string?>? environment = null, AwsRetryPolicy? retry = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var transport = new AwsTransport(http, credentials, region, retry ?? AwsRetryPolicy.Default);
        return new AcmClient(new AwsJsonClient(transport, Service, AwsEndpointResolver.Resolve(Service, region, environment), TargetPrefix));
    }

    /// <summary>The certificate, or null when ACM answers <c>ResourceNotFoundException</c> in this region.</summary>
    public async Task<AcmCertificate?> DescribeCertificateAsync(string arn, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _json.CallAsync("DescribeCertificate", new JsonObject { ["CertificateArn"] = arn }, cancellationToken).ConfigureAwait(false);
            var certificate = result.GetProperty("Certificate");
            return new AcmCertificate(certificate.Str("CertificateArn") ?? arn, certificate.Str("Status") ?? "", certificate.Str("DomainName"));
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }
    }
}

using System.Text.Json.Nodes;

namespace MlflowDeploy.Aws;

/// <summary>
/// ACM (JSON 1.1, <c>CertificateManager.*</c>): what Validate asks about an HTTPS certificate, and the import that
/// gives an emulated environment one.
/// </summary>
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

    /// <summary>The ARN of an issued certificate for exactly <paramref name="domain"/>, or null (the first page is enough for the emulator's few).</summary>
    public async Task<string?> FindIssuedAsync(string domain, CancellationToken cancellationToken)
    {
        var result = await _json.CallAsync("ListCertificates", new JsonObject { ["CertificateStatuses"] = new JsonArray("ISSUED") }, cancellationToken).ConfigureAwait(false);
        if (!result.TryGetProperty("CertificateSummaryList", out var list))
        {
            return null;
        }

        foreach (var certificate in list.EnumerateArray())
        {
            if (string.Equals(certificate.Str("DomainName"), domain, StringComparison.OrdinalIgnoreCase))
            {
                return certificate.Str("CertificateArn");
            }
        }

        return null;
    }

    /// <summary>Imports a certificate (PEM) with its private key (PEM) and returns its ARN.</summary>
    public async Task<string> ImportAsync(string certificatePem, string privateKeyPem, CancellationToken cancellationToken)
    {
        var result = await _json.CallAsync(
            "ImportCertificate",
            new JsonObject
            {
                ["Certificate"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificatePem)),
                ["PrivateKey"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(privateKeyPem)),
            },
            cancellationToken).ConfigureAwait(false);
        return result.Str("CertificateArn") ?? throw new InvalidOperationException("ImportCertificate answered without a CertificateArn");
    }
}

using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MlflowDeploy.Aws;

namespace MlflowDeploy.Local;

/// <summary>
/// HTTPS in an emulated environment: when its tfvars name an <c>mlflow_hostname</c> but no certificate, a
/// self-signed certificate for that name is made here and imported into the emulator's ACM (or the one imported by
/// an earlier run against the same emulator is reused), and terraform gets its ARN as <c>TF_VAR_certificate_arn</c>.
/// So the listener, the redirect and Validate's certificate check are rehearsed as production runs them.
/// </summary>
public static class EmulatedCertificate
{
    public const string Variable = "TF_VAR_certificate_arn";

    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <param name="credentials">The emulator's administrator when it enforces IAM; its default identity otherwise.</param>
    public static async Task<string> ImportAsync(
        string hostname, string region, IReadOnlyDictionary<string, string?> account, CancellationToken cancellationToken, AwsCredentials? credentials = null)
    {
        var acm = AcmClient.Create(credentials ?? new AwsCredentials("testing", "testing", null), region, Http, name => account.TryGetValue(name, out var value) ? value : null);
        if (await acm.FindIssuedAsync(hostname, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostname);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        return await acm.ImportAsync(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), cancellationToken).ConfigureAwait(false);
    }
}

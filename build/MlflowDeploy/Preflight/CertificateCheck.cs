using MlflowDeploy.Aws;

namespace MlflowDeploy.Preflight;

/// <summary>An HTTPS certificate must be an issued ACM certificate in the stack's region (an ALB can use no other).</summary>
public static class CertificateCheck
{
    public const string Name = "HTTPS certificate";

    public static async Task<PreflightResult> RunAsync(AccountContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        if (settings.CertificateArn is not { } arn)
        {
            return PreflightResult.Skip(Name, "no certificate_arn set: the load balancer serves HTTP only");
        }

        var parts = arn.Split(':');
        var region = parts.Length > 3 ? parts[3] : "";
        if (region != settings.Region)
        {
            return PreflightResult.Fail(Name,
                $"certificate_arn is in {region}, but the stack deploys to {settings.Region}; a load balancer only takes a certificate from its own region — request or import one in {settings.Region} and set certificate_arn in {context.VarFileShown}");
        }

        var acm = AcmClient.Create(context.Credentials, settings.Region, context.Http, context.Options.AwsEnvironment, context.Options.Retry);
        var certificate = await acm.DescribeCertificateAsync(arn, cancellationToken).ConfigureAwait(false);
        if (certificate is null)
        {
            return PreflightResult.Fail(Name, $"certificate {arn} does not exist in ACM in {settings.Region} — fix certificate_arn in {context.VarFileShown}");
        }

        if (certificate.Status != "ISSUED")
        {
            return PreflightResult.Fail(Name,
                $"certificate for {certificate.DomainName} is {certificate.Status}, not ISSUED — complete its validation in ACM (DNS record) or choose an issued certificate");
        }

        return PreflightResult.Pass(Name, $"{certificate.DomainName}: ISSUED in {settings.Region}");
    }
}

namespace MlflowDeploy.Aws;

public sealed record AcmCertificate(string Arn, string Status, string? DomainName);

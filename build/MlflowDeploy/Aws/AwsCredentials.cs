namespace MlflowDeploy.Aws;

/// <summary>
/// One resolved set of AWS credentials. <see cref="ToString"/> is overridden so that a record printed
/// by accident (a log line, a test failure) never shows the secret or the session token.
/// </summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() =>
        $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")} }}";
}

namespace MlflowDeploy.Local;

/// <summary>
/// Points terraform and the library's AWS clients at the emulator: the one endpoint variable every AWS SDK,
/// the S3 state backend and the awscli honour, plus fake credentials. Real AWS runs differ only in these.
/// </summary>
public static class EmulatedAccount
{
    public static IReadOnlyDictionary<string, string?> Variables(Uri endpoint, string region) => new Dictionary<string, string?>
    {
        ["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/'),
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_REGION"] = region,
        ["AWS_DEFAULT_REGION"] = region,
        ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
        ["AWS_ROLE_ARN"] = null,
    };
}

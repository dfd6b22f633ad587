namespace MlflowDeploy.Mlflow;

/// <summary>
/// Turns a run's <c>artifact_uri</c> into a path under the server's artifact proxy. Only
/// <c>mlflow-artifacts:</c> URIs are served by the tracking server itself; any other scheme (s3://, file:)
/// means clients write to the store directly and the proxy is not in play.
/// </summary>
public static class MlflowArtifactPath
{
    public const string ProxyScheme = "mlflow-artifacts:";

    public static bool IsProxied(string artifactUri) =>
        artifactUri.StartsWith(ProxyScheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>mlflow-artifacts:/1/abc/artifacts</c> and <c>mlflow-artifacts://host:5000/1/abc/artifacts</c> both
    /// give <c>1/abc/artifacts</c>.
    /// </summary>
    public static string FromArtifactUri(string artifactUri)
    {
        if (!IsProxied(artifactUri))
        {
            throw new ArgumentException($"'{artifactUri}' is not an {ProxyScheme} URI.", nameof(artifactUri));
        }

        var rest = artifactUri[ProxyScheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? string.Empty : rest[slash..];
        }

        return rest.Trim('/');
    }
}

namespace MlflowDeploy.Aws;

/// <summary>
/// The base URL of a service: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, then the
/// public endpoint. The same precedence the AWS SDKs, the CLI and the Terraform provider use, so one set of
/// variables sends everything to the emulator.
/// </summary>
public static class AwsEndpointResolver
{
    public static Uri Resolve(AwsService service, string region, Func<string, string?> environment)
    {
        var specific = environment("AWS_ENDPOINT_URL_" + service.EndpointEnvironmentSuffix);
        if (!string.IsNullOrWhiteSpace(specific))
            return Parse(specific, "AWS_ENDPOINT_URL_" + service.EndpointEnvironmentSuffix);

        var general = environment("AWS_ENDPOINT_URL");
        if (!string.IsNullOrWhiteSpace(general))
            return Parse(general, "AWS_ENDPOINT_URL");

        return new Uri($"https://{service.EndpointPrefix}.{region}.amazonaws.com/");
    }

    /// <summary>True when some override is set, so S3 must use path-style addressing.</summary>
    public static bool IsOverridden(AwsService service, Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(environment("AWS_ENDPOINT_URL_" + service.EndpointEnvironmentSuffix))
        || !string.IsNullOrWhiteSpace(environment("AWS_ENDPOINT_URL"));

    private static Uri Parse(string value, string variable)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new ActionableError($"{variable}='{value}' is not an http(s) URL: set it to e.g. http://127.0.0.1:5000 or unset it", 2);
        return uri;
    }
}

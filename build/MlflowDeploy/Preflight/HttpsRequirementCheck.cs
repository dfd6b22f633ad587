namespace MlflowDeploy.Preflight;

/// <summary>
/// An environment outside the emulator serves MLflow over HTTPS, or its tfvars say plainly that it may not
/// (<c>allow_plain_http = true</c>): over plain HTTP every login, token and artifact crosses the network readable.
/// </summary>
public static class HttpsRequirementCheck
{
    public const string Name = "HTTPS";

    public static PreflightResult Run(StackSettings settings, bool againstEmulator, string varFileShown)
    {
        if (settings.HttpsEnabled)
        {
            return PreflightResult.Pass(Name, "the load balancer serves HTTPS; port 80 only redirects");
        }

        if (settings.AllowPlainHttp)
        {
            return PreflightResult.Pass(Name, $"plain HTTP, as {varFileShown} allows (allow_plain_http = true)");
        }

        if (againstEmulator)
        {
            return PreflightResult.Skip(Name, "no certificate in the emulated environment: it serves plain HTTP");
        }

        return PreflightResult.Fail(Name,
            $"no certificate: MLflow would serve logins, tokens and artifacts over plain HTTP, readable by anyone on the path — set certificate_arn (or route53_zone_id and mlflow_hostname) in {varFileShown}, or allow_plain_http = true to accept that");
    }
}

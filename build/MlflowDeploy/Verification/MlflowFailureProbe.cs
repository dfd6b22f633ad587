using System.Net;
using MlflowDeploy.Mlflow;

namespace MlflowDeploy.Verification;

/// <summary>
/// Decides what a failed MLflow request means for a check: a load balancer still warming up (no answer,
/// a slow answer, 502/503/504) is worth waiting for; anything else is a final answer.
/// </summary>
internal static class MlflowFailureProbe
{
    /// <summary>What a 502/503/504 means while nothing has answered; <see cref="SampledMlflowCheck"/> corrects it once something has.</summary>
    public const string NothingHealthyYet = "no healthy MLflow task behind the load balancer yet";

    public static Probe From(MlflowRequestException e, MlflowCredentials credentials) => e.Kind switch
    {
        MlflowFailureKind.Unreachable => Probe.Pending($"unable to connect — {e.Message}"),
        MlflowFailureKind.TimedOut => Probe.Pending($"slow — {e.Message}"),
        MlflowFailureKind.ContractBreach => Probe.Fail($"contract breach — {e.Message}"),
        MlflowFailureKind.TlsFailure => Probe.Fail($"{e.Message} — check the certificate on the load balancer's HTTPS listener"),
        _ => FromStatus(e, credentials),
    };

    public static bool IsTransient(MlflowRequestException e) =>
        e.Kind is MlflowFailureKind.Unreachable or MlflowFailureKind.TimedOut
        || e.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static Probe FromStatus(MlflowRequestException e, MlflowCredentials credentials) => e.StatusCode switch
    {
        >= HttpStatusCode.MultipleChoices and < HttpStatusCode.BadRequest =>
            Probe.Fail($"{e.Message} — give Verify the URL the server redirects to (e.g. https:// instead of http://)"),
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout =>
            Probe.Pending($"unavailable — {e.Message} ({NothingHealthyYet})"),
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when !credentials.IsConfigured =>
            Probe.Fail($"{e.Message}: the server requires authentication — set {MlflowCredentials.UsernameVariable} and {MlflowCredentials.PasswordVariable}, or {MlflowCredentials.TokenVariable}"),
        HttpStatusCode.Forbidden =>
            Probe.Fail($"{e.Message}: credentials rejected — {credentials.Describe()} lacks permission for this call; grant it (basic-auth: EDIT to write, READ to read) or use other MLFLOW_TRACKING_* credentials"),
        HttpStatusCode.Unauthorized =>
            Probe.Fail($"{e.Message}: credentials rejected ({credentials.Describe()}) — check the {MlflowCredentials.UsernameVariable}/{MlflowCredentials.PasswordVariable} or {MlflowCredentials.TokenVariable} values"),
        HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed when e.ErrorCode is null =>
            Probe.Fail($"{e.Message}: no MLflow tracking API there — check mlflow_url and any path prefix"),
        _ => Probe.Fail(e.Message),
    };
}

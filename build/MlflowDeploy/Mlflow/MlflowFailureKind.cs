namespace MlflowDeploy.Mlflow;

/// <summary>Why a request to the tracking server did not give the answer the contract promises.</summary>
public enum MlflowFailureKind
{
    /// <summary>No HTTP answer: the connection was refused or reset, or the name did not resolve.</summary>
    Unreachable,

    /// <summary>No full answer within the per-request timeout.</summary>
    TimedOut,

    /// <summary>An HTTP status outside 2xx; <see cref="MlflowRequestException.ErrorCode"/> is set when the body was an MLflow error.</summary>
    HttpError,

    /// <summary>A 2xx answer whose body is not what the REST contract documents.</summary>
    ContractBreach,

    /// <summary>The TLS handshake failed: a certificate or protocol problem that waiting will not fix.</summary>
    TlsFailure,
}

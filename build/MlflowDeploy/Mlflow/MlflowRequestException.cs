using System.Net;

namespace MlflowDeploy.Mlflow;

/// <summary>
/// A request to the tracking server that failed. Callers decide on <see cref="Kind"/>, <see cref="StatusCode"/>
/// and <see cref="ErrorCode"/>; MLflow's message text varies with the backend store, so never match on it.
/// </summary>
public sealed class MlflowRequestException : Exception
{
    public MlflowRequestException(
        MlflowFailureKind kind,
        string operation,
        string message,
        HttpStatusCode? statusCode = null,
        string? errorCode = null,
        Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Operation = operation;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public MlflowFailureKind Kind { get; }

    /// <summary>The request as "METHOD path", without query string or host.</summary>
    public string Operation { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>MLflow's <c>error_code</c> (e.g. RESOURCE_DOES_NOT_EXIST) when the body was an MLflow error.</summary>
    public string? ErrorCode { get; }

    public bool Is(string errorCode) => string.Equals(ErrorCode, errorCode, StringComparison.Ordinal);
}

namespace MlflowDeploy.Aws;

/// <summary>What kind of failure an AWS call met; decides whether it is retried and how it is reported.</summary>
public enum AwsErrorCategory
{
    /// <summary>Any other service answer (not found, validation, conflict): the caller decides what it means.</summary>
    Service,

    /// <summary>The identity lacks an IAM permission. User-fixable.</summary>
    AccessDenied,

    /// <summary>The credentials (session token, SSO session) have expired. User-fixable.</summary>
    ExpiredCredentials,

    /// <summary>The access key is unknown or the secret doesn't match it. User-fixable.</summary>
    InvalidCredentials,

    /// <summary>Rate limited. Retried; reported when the retries run out.</summary>
    Throttled,

    /// <summary>HTTP 5xx. Retried; reported when the retries run out.</summary>
    ServerError,

    /// <summary>No answer: connection refused, DNS, TLS, or the per-request timeout. Retried; reported when the retries run out.</summary>
    Unreachable,
}

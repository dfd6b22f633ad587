namespace MlflowDeploy.Tests.MlflowDouble;

/// <summary>An MLflow error answer: the status and <c>error_code</c> the real server sends for that case.</summary>
public sealed class MlflowDoubleError(int status, string errorCode, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string ErrorCode { get; } = errorCode;

    public static MlflowDoubleError InvalidParameter(string message) => new(400, "INVALID_PARAMETER_VALUE", message);

    public static MlflowDoubleError DoesNotExist(string message) => new(404, "RESOURCE_DOES_NOT_EXIST", message);

    public static MlflowDoubleError AlreadyExists(string message) => new(400, "RESOURCE_ALREADY_EXISTS", message);

    public static MlflowDoubleError Internal(string message) => new(500, "INTERNAL_ERROR", message);
}

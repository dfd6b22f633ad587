namespace MlflowDeploy.Mlflow;

/// <summary>The <c>error_code</c> values the tracking server sends that this project acts on.</summary>
public static class MlflowErrorCodes
{
    public const string ResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string InternalError = "INTERNAL_ERROR";
}

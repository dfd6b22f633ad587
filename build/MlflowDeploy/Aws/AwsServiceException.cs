namespace MlflowDeploy.Aws;

/// <summary>
/// An AWS call that failed. Thrown as is for <see cref="AwsErrorCategory.Service"/> answers (a missing cluster,
/// a bad parameter), which the caller interprets by <see cref="ErrorCode"/>. For the user-fixable categories it is
/// the <see cref="Exception.InnerException"/> of the <see cref="ActionableError"/> that is thrown instead, so a
/// caller that needs the details (the Verify runner) can still read them.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(
        AwsService service, string operation, AwsErrorCategory category, string errorCode, string errorMessage, int? httpStatus,
        Exception? inner = null, string? iamAction = null)
        : base($"{service.SigningName} {operation} failed: {errorCode}{(httpStatus is { } s ? $" (HTTP {s})" : "")}: {OneLine(errorMessage)}", inner)
    {
        Service = service;
        Operation = operation;
        Category = category;
        ErrorCode = errorCode;
        ErrorMessage = OneLine(errorMessage);
        HttpStatus = httpStatus;
        IamAction = iamAction ?? $"{service.IamPrefix ?? service.SigningName}:{operation}";
    }

    public AwsService Service { get; }
    public string Operation { get; }
    public AwsErrorCategory Category { get; }

    /// <summary>The AWS error code without its namespace, e.g. <c>ClusterNotFoundException</c>, <c>TargetGroupNotFound</c>.</summary>
    public string ErrorCode { get; }

    public string ErrorMessage { get; }
    public int? HttpStatus { get; }

    /// <summary>The IAM action the call needs, e.g. <c>ecs:DescribeServices</c>; named when AWS denies it without saying.</summary>
    public string IamAction { get; }

    internal static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}

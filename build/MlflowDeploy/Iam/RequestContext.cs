namespace MlflowDeploy.Iam;

/// <summary>
/// The condition keys one call supplies, each with one or more values, and which missing keys the call record can
/// vouch are absent. A key the recorder never derives (aws:SourceIp, aws:ResourceTag/* outside EC2 and scalable targets, service keys
/// such as ecs:capacity-provider) is unknown when missing: a condition on it cannot be decided here.
/// </summary>
public sealed class RequestContext
{
    private static readonly HashSet<string> RecordedKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws:RequestedRegion", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:SecureTransport", "aws:TagKeys",
        "iam:PassedToService", "iam:PolicyARN", "iam:AWSServiceName", "iam:PermissionsBoundary",
    };

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _values;
    private readonly string _action;

    public RequestContext(string action, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        _action = action;
        _values = new Dictionary<string, IReadOnlyList<string>>(values, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<string>? Values(string key) => _values.TryGetValue(key, out var values) && values.Count > 0 ? values : null;

    /// <summary>True when a missing key is known to be absent from the request, as AWS would see it.</summary>
    public bool IsRecorded(string key) =>
        RecordedKeys.Contains(key)
        || key.StartsWith("aws:RequestTag/", StringComparison.OrdinalIgnoreCase)
        // The recorder reads the tags of the EC2 resources a call names, and of the existing scalable target an
        // application-autoscaling call (other than a Describe) names; other services' resource tags are not read.
        || (key.StartsWith("aws:ResourceTag/", StringComparison.OrdinalIgnoreCase) && ReadsResourceTags(_action));

    private static bool ReadsResourceTags(string action) =>
        action.StartsWith("ec2:", StringComparison.OrdinalIgnoreCase)
        || (action.StartsWith("application-autoscaling:", StringComparison.OrdinalIgnoreCase)
            && !action.StartsWith("application-autoscaling:Describe", StringComparison.OrdinalIgnoreCase));
}

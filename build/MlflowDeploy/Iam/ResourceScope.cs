namespace MlflowDeploy.Iam;

/// <summary>How far a recorded call's resources are known (the launcher's <c>scope</c> field).</summary>
public enum ResourceScope
{
    /// <summary>The ARNs AWS authorises the call against, derived from the request.</summary>
    Arn,

    /// <summary>AWS itself authorises the action against <c>*</c> (EC2 Describe*, ECS RegisterTaskDefinition, …).</summary>
    Any,

    /// <summary>AWS uses a resource the recorder does not derive: recorded as <c>*</c>, checked at action level only.</summary>
    Unknown,
}

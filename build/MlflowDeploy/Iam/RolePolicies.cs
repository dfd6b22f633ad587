namespace MlflowDeploy.Iam;

/// <summary>
/// What decides a role's calls in its own account: its identity policies (inline and attached) and its permissions
/// boundary, if it has one. Resource-based policies (bucket policies, KMS key policies), session policies, SCPs and
/// RCPs are not part of it.
/// </summary>
public sealed record RolePolicies(string RoleArn, IReadOnlyList<PolicyDocument> IdentityPolicies, PolicyDocument? PermissionsBoundary);

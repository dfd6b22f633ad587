namespace MlflowDeploy.Aws;

/// <summary>An ALB; <see cref="StateCode"/> is <c>provisioning</c>, <c>active</c>, <c>active_impaired</c> or <c>failed</c>.</summary>
public sealed record LoadBalancerDescription(
    string Arn, string Name, string DnsName, string StateCode, string? StateReason, string? Scheme, string? Type);

public sealed record TargetGroupDescription(
    string Arn, string Name, int? Port, string? Protocol, string? TargetType, string? HealthCheckPath, IReadOnlyList<string> LoadBalancerArns);

/// <summary>One target's health; <see cref="State"/> is <c>initial</c>, <c>healthy</c>, <c>unhealthy</c>, <c>unused</c>, <c>draining</c> or <c>unavailable</c>.</summary>
public sealed record TargetHealthDescription(string Id, int? Port, string State, string? Reason, string? Description);

public sealed record TargetToRegister(string Id, int? Port = null);

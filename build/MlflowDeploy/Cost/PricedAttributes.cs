namespace MlflowDeploy.Cost;

/// <summary>
/// The only attributes the estimate reads from a plan, per resource type, and how. A type not listed here is
/// read for its address alone. Keeping the list small and explicit is what keeps secrets out of the estimate:
/// a secret's value, a container definition, a WAF rule's match strings are never decoded.
/// </summary>
public static class PricedAttributes
{
    /// <summary>Premium managed rule groups that carry a subscription on top of the rule price.</summary>
    public static readonly IReadOnlySet<string> PaidManagedRuleGroups = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWSManagedRulesBotControlRuleSet",
        "AWSManagedRulesATPRuleSet",
        "AWSManagedRulesACFPRuleSet",
        "AWSManagedRulesAntiDDoSRuleSet",
    };

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, AttributeRead>> ByType =
        new Dictionary<string, IReadOnlyDictionary<string, AttributeRead>>(StringComparer.Ordinal)
        {
            ["aws_ecs_service"] = Values(
                "name", "cluster", "task_definition", "desired_count", "launch_type", "capacity_provider_strategy", "network_configuration"),
            ["aws_ecs_task_definition"] = Values(
                "arn", "family", "cpu", "memory", "runtime_platform", "ephemeral_storage"),
            ["aws_appautoscaling_target"] = Values(
                "resource_id", "scalable_dimension", "service_namespace", "min_capacity", "max_capacity"),
            ["aws_ecs_cluster"] = Values("setting"),
            ["aws_db_instance"] = Values(
                "engine", "instance_class", "allocated_storage", "max_allocated_storage", "storage_type", "iops", "multi_az",
                "performance_insights_enabled", "performance_insights_retention_period"),
            ["aws_nat_gateway"] = Values("connectivity_type"),
            ["aws_lb"] = Merge(Values("load_balancer_type", "internal"), Counts("subnets", "subnet_mapping")),
            ["aws_cloudwatch_log_group"] = Values("retention_in_days", "log_group_class"),
            ["aws_cloudwatch_metric_alarm"] = Values("period", "metric_query"),
            ["aws_flow_log"] = Values("log_destination_type"),
            ["aws_vpc_endpoint"] = Merge(Values("vpc_endpoint_type"), Counts("subnet_ids")),
            ["aws_wafv2_web_acl"] = new Dictionary<string, AttributeRead>(StringComparer.Ordinal)
            {
                ["rule"] = AttributeRead.CountAndWatch,
            },
        };

    /// <summary>How <paramref name="attribute"/> of <paramref name="type"/> is read, or null when it is skipped unread.</summary>
    public static AttributeRead? For(string type, string attribute) =>
        ByType.TryGetValue(type, out var attributes) && attributes.TryGetValue(attribute, out var read) ? read : null;

    /// <summary>Every attribute name read for <paramref name="type"/>.</summary>
    public static IReadOnlyCollection<string> Names(string type) =>
        ByType.TryGetValue(type, out var attributes) ? attributes.Keys.ToList() : [];

    private static Dictionary<string, AttributeRead> Values(params string[] names) =>
        names.ToDictionary(n => n, _ => AttributeRead.Value, StringComparer.Ordinal);

    private static Dictionary<string, AttributeRead> Counts(params string[] names) =>
        names.ToDictionary(n => n, _ => AttributeRead.Count, StringComparer.Ordinal);

    private static Dictionary<string, AttributeRead> Merge(Dictionary<string, AttributeRead> a, Dictionary<string, AttributeRead> b) =>
        a.Concat(b).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}

namespace MlflowDeploy.Cost;

/// <summary>
/// A WAF web ACL: the ACL, each rule in it (a managed rule group counts as one rule) and the requests it inspects
/// (usage). Premium managed rule groups (Bot Control, fraud prevention) carry subscriptions that are not priced.
/// </summary>
public sealed class WafWebAclPricing : IResourcePricing
{
    public string ResourceType => "aws_wafv2_web_acl";

    public void Price(ResourceState acl, PricingContext context)
    {
        if (context.Price(acl, "web ACL", "waf", "web_acl_month") is { } aclRate)
        {
            context.Add(acl, CostCategory.Waf, "acl", "WAF web ACL", $"1 × {PricingContext.Rate(aclRate)}", aclRate);
        }
        var rules = acl.Number("rule") ?? 0;
        if (rules > 0 && context.Price(acl, "WAF rules", "waf", "rule_month") is { } ruleRate)
        {
            context.Add(acl, CostCategory.Waf, "rules", "WAF rules", $"{PricingContext.Number(rules)} × {PricingContext.Rate(ruleRate)}", rules * ruleRate);
        }
        var millions = context.Usage(acl, "requests_millions_per_month");
        if (context.Price(acl, "WAF requests", "waf", "requests_per_million") is { } requestRate)
        {
            context.Add(acl, CostCategory.Waf, "requests", "WAF requests",
                $"{PricingContext.Number(millions)} million (usage) × {PricingContext.Rate(requestRate)}", millions * requestRate);
        }
        if (acl.Attributes.TryGetValue("rule" + ResourceStateReader.WatchedSuffix, out var watched))
        {
            foreach (var group in watched.EnumerateArray())
            {
                context.NotPriced(acl, $"managed rule group {group.GetString()} has its own subscription and request fees");
            }
        }
    }
}

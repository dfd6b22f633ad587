using MlflowDeploy.Tests.Support;

namespace MlflowDeploy.Tests.Cost;

/// <summary>
/// Resource types the stack is gaining (WAF, alarms, ECR, KMS, interface endpoints, flow logs) are priced by type as
/// soon as a plan holds them. These plans are written by hand in terraform's JSON plan format because the stack
/// doesn't create the resources yet; the attributes are the provider's own names.
/// </summary>
public sealed class NewResourceTypesCostTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private Task<MlflowDeploy.Cost.CostEstimate> EstimateAsync(params string[] resourceChanges)
    {
        var path = _temp.Write("plan.json", $$"""
            {
              "format_version": "1.2",
              "terraform_version": "1.11.4",
              "variables": { "region": { "value": "eu-west-2" } },
              "resource_changes": [{{string.Join(",", resourceChanges)}}]
            }
            """);
        return CostFixtures.EstimateAsync(path, "production");
    }

    private static string Created(string address, string type, string after) =>
        $$"""{ "address": "{{address}}", "mode": "managed", "type": "{{type}}", "name": "x", "change": { "actions": ["create"], "before": null, "after": {{after}} } }""";

    [Fact]
    public async Task A_web_acl_is_priced_per_acl_rule_and_request_and_a_paid_rule_group_is_named()
    {
        var estimate = await EstimateAsync(Created("aws_wafv2_web_acl.main", "aws_wafv2_web_acl", """
            { "name": "mlflow", "rule": [
                { "name": "common", "statement": [ { "managed_rule_group_statement": [ { "name": "AWSManagedRulesCommonRuleSet", "vendor_name": "AWS" } ] } ] },
                { "name": "bots", "statement": [ { "managed_rule_group_statement": [ { "name": "AWSManagedRulesBotControlRuleSet", "vendor_name": "AWS" } ] } ] },
                { "name": "rate", "statement": [ { "rate_based_statement": [ { "limit": 2000 } ] } ] } ] }
            """));

        Assert.Equal(5.00m, CostFixtures.Row(estimate, "aws_wafv2_web_acl.main", "WAF web ACL").After);
        Assert.Equal(3.00m, CostFixtures.Row(estimate, "aws_wafv2_web_acl.main", "WAF rules").After);     // 3 rules × $1
        Assert.Equal(0.60m, CostFixtures.Row(estimate, "aws_wafv2_web_acl.main", "WAF requests").After);  // 1 million (usage) × $0.60
        var paid = Assert.Single(estimate.Unpriced);
        Assert.Equal("managed rule group AWSManagedRulesBotControlRuleSet has its own subscription and request fees", paid.Reason);
    }

    [Fact]
    public async Task Alarms_are_priced_per_metric_and_resolution()
    {
        var estimate = await EstimateAsync(
            Created("aws_cloudwatch_metric_alarm.cpu", "aws_cloudwatch_metric_alarm", """{ "period": 60, "metric_query": [] }"""),
            Created("aws_cloudwatch_metric_alarm.fast", "aws_cloudwatch_metric_alarm", """{ "period": 10, "metric_query": [] }"""),
            Created("aws_cloudwatch_metric_alarm.ratio", "aws_cloudwatch_metric_alarm", """
                { "period": null, "metric_query": [
                    { "id": "e1", "expression": "m1/m2", "metric": [] },
                    { "id": "m1", "metric": [ { "metric_name": "HTTPCode_Target_5XX_Count", "period": 60 } ] },
                    { "id": "m2", "metric": [ { "metric_name": "RequestCount", "period": 60 } ] } ] }
                """));

        Assert.Equal(0.10m, CostFixtures.Row(estimate, "aws_cloudwatch_metric_alarm.cpu", "Alarm").After);
        Assert.Equal(0.30m, CostFixtures.Row(estimate, "aws_cloudwatch_metric_alarm.fast", "Alarm (high resolution)").After);
        Assert.Equal(0.20m, CostFixtures.Row(estimate, "aws_cloudwatch_metric_alarm.ratio", "Alarm").After); // 2 metrics × $0.10
    }

    [Fact]
    public async Task Ecr_kms_endpoints_and_flow_logs_are_priced_or_named()
    {
        var estimate = await EstimateAsync(
            Created("aws_ecr_repository.mlflow", "aws_ecr_repository", """{ "name": "mlflow" }"""),
            Created("aws_kms_key.logs", "aws_kms_key", """{ "description": "logs" }"""),
            Created("aws_vpc_endpoint.ecr_api", "aws_vpc_endpoint", """{ "vpc_endpoint_type": "Interface", "subnet_ids": ["subnet-1", "subnet-2"] }"""),
            Created("aws_vpc_endpoint.s3", "aws_vpc_endpoint", """{ "vpc_endpoint_type": "Gateway" }"""),
            Created("aws_flow_log.vpc", "aws_flow_log", """{ "log_destination_type": "s3" }"""),
            Created("aws_route53_zone.main", "aws_route53_zone", """{ "name": "example.com" }"""));

        Assert.Equal(0.20m, CostFixtures.Row(estimate, "aws_ecr_repository.mlflow", "Image storage").After);        // 2 GB (usage) × $0.10
        Assert.Equal(1.00m, CostFixtures.Row(estimate, "aws_kms_key.logs", "Customer managed key").After);
        Assert.Equal(16.06m, CostFixtures.Row(estimate, "aws_vpc_endpoint.ecr_api", "Interface endpoint hours").After);   // 2 AZ × 730 h × $0.011
        Assert.Equal(0.10m, CostFixtures.Row(estimate, "aws_vpc_endpoint.ecr_api", "Interface endpoint data").After); // 10 GB × $0.01
        Assert.DoesNotContain(estimate.Rows(), r => r.Address == "aws_vpc_endpoint.s3");
        Assert.Contains(estimate.Unpriced, u => u.Address == "aws_flow_log.vpc" && u.Reason == "flow log delivery to s3 (vended-log fees, by volume)");
        Assert.Contains(estimate.Unpriced, u => u.Address == "aws_route53_zone.main" && u.Reason == "no price model for aws_route53_zone");
    }
}

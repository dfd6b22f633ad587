# AWS WAF in front of the load balancer: two AWS managed rule groups and a
# per-client-IP rate limit. Requests no rule matches are allowed.

locals {
  waf_managed_rule_groups = {
    # Priority 1 and 2; the rate limit runs first (0), so a flood is cut off
    # before the managed groups spend WCUs on it.
    AWSManagedRulesCommonRuleSet         = { priority = 1, count_only = var.waf_common_rules_count_only }
    AWSManagedRulesKnownBadInputsRuleSet = { priority = 2, count_only = [] }
  }
}

resource "aws_wafv2_web_acl" "mlflow" {
  count = var.waf_enabled ? 1 : 0

  name        = var.name
  description = "MLflow load balancer: AWS managed common and known-bad-inputs rules, per-IP rate limit"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  dynamic "rule" {
    for_each = local.waf_managed_rule_groups
    content {
      name     = rule.key
      priority = rule.value.priority

      # The group's own actions apply (block); none means "do not override".
      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.key

          dynamic "rule_action_override" {
            for_each = rule.value.count_only
            content {
              name = rule_action_override.value
              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }

  tags = { Name = var.name }
}

resource "aws_wafv2_web_acl_association" "mlflow" {
  count = var.waf_enabled ? 1 : 0

  resource_arn = aws_lb.mlflow.arn
  web_acl_arn  = aws_wafv2_web_acl.mlflow[0].arn
}

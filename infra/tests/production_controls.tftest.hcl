# Each production control, switched on and off: HTTPS and the redirect, the
# DNS-validated certificate and alias record, the WAF, ALB deletion protection
# and access logs, VPC flow logs and their bucket, the artifact lifecycle
# rule, RDS Performance Insights and log exports, and log retention. Offline:
# the provider is mocked (see architecture.tftest.hcl for why these defaults).

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-2a", "eu-west-2b", "eu-west-2c"]
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  # The provider's own table holds 652711504416 for eu-west-2; the mock
  # stands in for that table.
  mock_data "aws_elb_service_account" {
    defaults = {
      arn = "arn:aws:iam::652711504416:root"
    }
  }

  mock_resource "aws_db_instance" {
    defaults = {
      address     = "mlflow-test-db.c9akciq32.eu-west-2.rds.amazonaws.com"
      endpoint    = "mlflow-test-db.c9akciq32.eu-west-2.rds.amazonaws.com:5432"
      resource_id = "db-ABCDEFGHIJKLMNOPQRSTUVWXY"
      arn         = "arn:aws:rds:eu-west-2:123456789012:db:mlflow-test-db"
      port        = 5432
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:rds!db-0123abcd-AbCdEf"
        secret_status = "active"
        kms_key_id    = "arn:aws:kms:eu-west-2:123456789012:key/0123abcd"
      }]
    }
  }


  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:mlflow-test-db-credentials-AbCdEf"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mlflow-test-role"
    }
  }

  mock_resource "aws_lb" {
    defaults = {
      arn      = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/mlflow-test/0123456789abcdef"
      dns_name = "mlflow-test-123456789.eu-west-2.elb.amazonaws.com"
      zone_id  = "ZHURV8PSTC4K8"
    }
  }

  mock_resource "aws_lb_target_group" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:targetgroup/mlflow-test-tg/0123456789abcdef"
    }
  }

  # alarms.tf: every alarm notifies the topic, and the provider checks the ARN.
  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-2:123456789012:mlflow-test-alarms"
    }
  }

  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-2:123456789012:cluster/mlflow-test"
    }
  }

  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-test:1"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::mlflow-test-logs-123456789012-eu-west-2"
    }
  }

  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/mlflow-test/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    }
  }
}

# As ACM answers a DNS-validated request: one CNAME per name, known at plan
# time (the real provider derives domain_name from the request).
override_resource {
  target          = aws_acm_certificate.mlflow
  override_during = plan
  values = {
    arn = "arn:aws:acm:eu-west-2:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    domain_validation_options = [{
      domain_name           = "mlflow.example.com"
      resource_record_name  = "_3f1c2b.mlflow.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_9e8d7c.acm-validations.aws."
    }]
  }
}

override_resource {
  target          = aws_acm_certificate_validation.mlflow
  override_during = plan
  values = {
    certificate_arn = "arn:aws:acm:eu-west-2:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }
}

variables {
  name                = "mlflow-test"
  environment         = "test"
  db_engine_version   = "15.8"
  mlflow_image_digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
}

run "defaults_turn_every_production_control_on" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    mlflow_hostname = "mlflow.example.com"
  }

  # HTTPS: 443 with the TLS 1.3/1.2 policy and the given certificate; 80 only
  # redirects, permanently, to 443.
  assert {
    condition = (
      length(aws_lb_listener.https) == 1 &&
      aws_lb_listener.https[0].port == 443 &&
      aws_lb_listener.https[0].protocol == "HTTPS" &&
      aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06" &&
      aws_lb_listener.https[0].certificate_arn == "arn:aws:acm:eu-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0" &&
      one(aws_lb_listener.https[0].default_action).type == "forward"
    )
    error_message = "HTTPS must listen on 443 with ELBSecurityPolicy-TLS13-1-2-2021-06 and the given certificate, and forward to MLflow."
  }

  assert {
    condition = (
      one(aws_lb_listener.http.default_action).type == "redirect" &&
      one(aws_lb_listener.http.default_action).target_group_arn == null &&
      one(one(aws_lb_listener.http.default_action).redirect).protocol == "HTTPS" &&
      one(one(aws_lb_listener.http.default_action).redirect).port == "443" &&
      one(one(aws_lb_listener.http.default_action).redirect).status_code == "HTTP_301"
    )
    error_message = "With HTTPS on, port 80 must only redirect (301) to HTTPS on 443 and never forward to MLflow."
  }

  # Large proxied uploads: the connection is idle while the server pushes the
  # file to S3, and gunicorn must not kill the worker holding the upload.
  assert {
    condition     = aws_lb.mlflow.idle_timeout == 300 && strcontains(jsonencode(aws_ecs_task_definition.mlflow.container_definitions), "900")
    error_message = "The ALB idle timeout must default to 300 s and gunicorn's timeout to 900 s, so a 1 GiB artifact upload can finish."
  }

  assert {
    condition     = output.https_enabled == true && output.mlflow_url == "https://mlflow.example.com" && length(aws_acm_certificate.mlflow) == 0
    error_message = "A given certificate turns HTTPS on without requesting another one."
  }

  # WAF: one web ACL with the rate limit first, then the two managed groups,
  # associated with this load balancer.
  assert {
    condition = (
      length(aws_wafv2_web_acl_association.mlflow) == 1 &&
      aws_wafv2_web_acl_association.mlflow[0].resource_arn == aws_lb.mlflow.arn &&
      aws_wafv2_web_acl_association.mlflow[0].web_acl_arn == aws_wafv2_web_acl.mlflow[0].arn &&
      aws_wafv2_web_acl.mlflow[0].scope == "REGIONAL" &&
      length(one(aws_wafv2_web_acl.mlflow[0].default_action).allow) == 1
    )
    error_message = "A regional web ACL (default allow) must be associated with the load balancer."
  }

  assert {
    condition = {
      for r in aws_wafv2_web_acl.mlflow[0].rule : r.name => r.priority
      } == {
      "rate-limit-per-ip"                    = 0
      "AWSManagedRulesCommonRuleSet"         = 1
      "AWSManagedRulesKnownBadInputsRuleSet" = 2
    }
    error_message = "The web ACL must hold the rate limit (0), the common rule set (1) and known bad inputs (2), and nothing else."
  }

  assert {
    condition = alltrue([
      for r in aws_wafv2_web_acl.mlflow[0].rule : (
        one(one(r.statement).managed_rule_group_statement).vendor_name == "AWS" &&
        one(one(r.statement).managed_rule_group_statement).name == r.name &&
        length(one(r.override_action).none) == 1
      ) if r.name != "rate-limit-per-ip"
    ])
    error_message = "The managed groups must be AWS's, referenced by name, with their own block actions (override none)."
  }

  assert {
    condition = one([
      for r in aws_wafv2_web_acl.mlflow[0].rule : (
        one(one(r.statement).rate_based_statement).limit == 6000 &&
        one(one(r.statement).rate_based_statement).aggregate_key_type == "IP" &&
        length(one(r.action).block) == 1
      ) if r.name == "rate-limit-per-ip"
    ])
    error_message = "The rate rule must block a client IP above 6000 requests per 5 minutes by default."
  }

  assert {
    condition = one([
      for r in aws_wafv2_web_acl.mlflow[0].rule : [
        for o in one(one(r.statement).managed_rule_group_statement).rule_action_override : o.name if length(one(o.action_to_use).count) == 1
      ] if r.name == "AWSManagedRulesCommonRuleSet"
    ]) == ["SizeRestrictions_BODY"]
    error_message = "Only SizeRestrictions_BODY (artifact uploads exceed 8 KB) may count instead of block by default."
  }

  # Load balancer: deletion protection, access logs into the log bucket.
  assert {
    condition     = aws_lb.mlflow.enable_deletion_protection == true && aws_lb.mlflow.internal == false
    error_message = "Deletion protection must be on by default, on an internet-facing load balancer."
  }

  assert {
    condition = (
      one(aws_lb.mlflow.access_logs).enabled == true &&
      one(aws_lb.mlflow.access_logs).bucket == aws_s3_bucket.logs[0].id &&
      one(aws_lb.mlflow.access_logs).prefix == "alb"
    )
    error_message = "Access logs must go to the log bucket under alb/."
  }

  # The log bucket: private, SSE-S3, TLS only, expired after the retention.
  assert {
    condition = (
      aws_s3_bucket.logs[0].bucket == "mlflow-test-logs-123456789012-eu-west-2" &&
      aws_s3_bucket.logs[0].force_destroy == false &&
      aws_s3_bucket_public_access_block.logs[0].block_public_acls &&
      aws_s3_bucket_public_access_block.logs[0].block_public_policy &&
      aws_s3_bucket_public_access_block.logs[0].ignore_public_acls &&
      aws_s3_bucket_public_access_block.logs[0].restrict_public_buckets &&
      one(aws_s3_bucket_ownership_controls.logs[0].rule).object_ownership == "BucketOwnerEnforced" &&
      one(one(aws_s3_bucket_server_side_encryption_configuration.logs[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    )
    error_message = "The log bucket must be private, ACL-free and SSE-S3 encrypted (the only encryption ALB log delivery accepts), and kept on destroy."
  }

  assert {
    condition     = one(one(aws_s3_bucket_lifecycle_configuration.logs[0].rule).expiration).days == 365
    error_message = "Logs in the bucket must expire after log_retention_days (365 by default)."
  }

  # Policy: TLS only; eu-west-2 predates August 2022, so ELB writes as the
  # regional ELB account, only under alb/AWSLogs/<account>/; flow logs come
  # from the log-delivery service for this account only.
  assert {
    condition     = [for s in data.aws_iam_policy_document.logs[0].statement : s.sid] == ["DenyInsecureTransport", "LoadBalancerAccessLogs", "FlowLogsWrite", "FlowLogsAclCheck"]
    error_message = "The log bucket policy must hold exactly: deny non-TLS, ELB access-log writes, flow-log writes and the flow-log ACL check."
  }

  assert {
    condition = one([
      for s in data.aws_iam_policy_document.logs[0].statement : (
        toset(s.actions) == toset(["s3:PutObject"]) &&
        toset(s.resources) == toset(["arn:aws:s3:::mlflow-test-logs-123456789012-eu-west-2/alb/AWSLogs/123456789012/*"]) &&
        one(s.principals).type == "AWS" &&
        toset(one(s.principals).identifiers) == toset(["arn:aws:iam::652711504416:root"])
      ) if s.sid == "LoadBalancerAccessLogs"
    ])
    error_message = "In eu-west-2 the regional ELB account may only put objects under alb/AWSLogs/<account>/."
  }

  assert {
    condition = one([
      for s in data.aws_iam_policy_document.logs[0].statement : (
        toset(one(s.principals).identifiers) == toset(["delivery.logs.amazonaws.com"]) &&
        toset(s.resources) == toset(["arn:aws:s3:::mlflow-test-logs-123456789012-eu-west-2/AWSLogs/123456789012/*"]) &&
        one([for c in s.condition : toset(c.values) if c.variable == "aws:SourceAccount"]) == toset(["123456789012"]) &&
        one([for c in s.condition : toset(c.values) if c.variable == "aws:SourceArn"]) == toset(["arn:aws:logs:eu-west-2:123456789012:*"])
      ) if s.sid == "FlowLogsWrite"
    ])
    error_message = "Flow-log delivery must be limited to this account's own log deliveries (SourceAccount, SourceArn)."
  }

  assert {
    condition = (
      length(aws_flow_log.vpc) == 1 &&
      aws_flow_log.vpc[0].vpc_id == aws_vpc.main.id &&
      aws_flow_log.vpc[0].traffic_type == "ALL" &&
      aws_flow_log.vpc[0].log_destination_type == "s3" &&
      aws_flow_log.vpc[0].log_destination == aws_s3_bucket.logs[0].arn
    )
    error_message = "The VPC must log all flows to the log bucket."
  }

  # Artifact bucket lifecycle.
  assert {
    condition = (
      length(aws_s3_bucket_lifecycle_configuration.artifacts) == 1 &&
      aws_s3_bucket_lifecycle_configuration.artifacts[0].bucket == aws_s3_bucket.artifacts[0].id &&
      one([for r in aws_s3_bucket_lifecycle_configuration.artifacts[0].rule : one(r.noncurrent_version_expiration).noncurrent_days if r.id == "expire-noncurrent-versions"]) == 90 &&
      one([for r in aws_s3_bucket_lifecycle_configuration.artifacts[0].rule : one(r.abort_incomplete_multipart_upload).days_after_initiation if r.id == "abort-incomplete-multipart-uploads"]) == 7 &&
      alltrue([for r in aws_s3_bucket_lifecycle_configuration.artifacts[0].rule : r.status == "Enabled"])
    )
    error_message = "The artifact bucket must expire noncurrent versions after 90 days and abort incomplete multipart uploads after 7."
  }

  # RDS: Performance Insights (free 7 days) and both log exports, into groups
  # that carry the retention.
  assert {
    condition     = aws_db_instance.mlflow.performance_insights_enabled == true && aws_db_instance.mlflow.performance_insights_retention_period == 7
    error_message = "Performance Insights must be on with the free 7-day retention."
  }

  assert {
    condition     = aws_db_instance.mlflow.enabled_cloudwatch_logs_exports == toset(["postgresql", "upgrade"])
    error_message = "The PostgreSQL and upgrade logs must be exported."
  }

  assert {
    condition = (
      toset([for g in aws_cloudwatch_log_group.rds : g.name]) == toset(["/aws/rds/instance/mlflow-test-db/postgresql", "/aws/rds/instance/mlflow-test-db/upgrade"]) &&
      alltrue([for g in aws_cloudwatch_log_group.rds : g.retention_in_days == 365]) &&
      aws_cloudwatch_log_group.mlflow.retention_in_days == 365
    )
    error_message = "Every log group (ECS and both RDS exports) must keep logs for 365 days by default."
  }
}

# Planned against the state the run above left, so each switch is shown
# turning its control off on an existing stack.
run "every_control_switched_off" {
  command = plan

  variables {
    allow_plain_http                = true
    waf_enabled                     = false
    alb_deletion_protection         = false
    alb_access_logs_enabled         = false
    vpc_flow_logs_enabled           = false
    artifact_lifecycle_enabled      = false
    db_performance_insights_enabled = false
    db_log_exports_enabled          = false
    log_retention_days              = 7
  }

  assert {
    condition = (
      length(aws_lb_listener.https) == 0 &&
      one(aws_lb_listener.http.default_action).type == "forward" &&
      length(one(aws_lb_listener.http.default_action).redirect) == 0 &&
      output.https_enabled == false && output.allow_plain_http == true &&
      startswith(output.mlflow_url, "http://")
    )
    error_message = "Without a certificate there is no HTTPS listener and port 80 forwards; the outputs say so."
  }

  assert {
    condition     = length(aws_wafv2_web_acl.mlflow) == 0 && length(aws_wafv2_web_acl_association.mlflow) == 0 && output.web_acl_arn == null
    error_message = "waf_enabled = false must create no web ACL and no association."
  }

  assert {
    condition     = aws_lb.mlflow.enable_deletion_protection == false && one(aws_lb.mlflow.access_logs).enabled == false
    error_message = "Deletion protection and access logs must follow their switches."
  }

  assert {
    condition = (
      length(aws_flow_log.vpc) == 0 &&
      length(aws_s3_bucket.logs) == 0 &&
      length(aws_s3_bucket_policy.logs) == 0 &&
      length(data.aws_elb_service_account.current) == 0 &&
      output.log_bucket_name == null
    )
    error_message = "With both logs off there must be no flow log and no log bucket."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.artifacts) == 0
    error_message = "artifact_lifecycle_enabled = false must create no lifecycle rule."
  }

  assert {
    condition = (
      aws_db_instance.mlflow.performance_insights_enabled == false &&
      length(aws_db_instance.mlflow.enabled_cloudwatch_logs_exports) == 0 &&
      length(aws_cloudwatch_log_group.rds) == 0
    )
    error_message = "Performance Insights and the log exports (and their groups) must follow their switches."
  }

  assert {
    condition     = aws_cloudwatch_log_group.mlflow.retention_in_days == 7
    error_message = "The ECS log group must follow log_retention_days."
  }
}

run "a_route53_zone_gets_a_dns_validated_certificate_and_an_alias" {
  command = plan

  variables {
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
    mlflow_hostname = "mlflow.example.com"
  }

  assert {
    condition = (
      length(aws_acm_certificate.mlflow) == 1 &&
      aws_acm_certificate.mlflow[0].domain_name == "mlflow.example.com" &&
      aws_acm_certificate.mlflow[0].validation_method == "DNS"
    )
    error_message = "A zone without certificate_arn must request a DNS-validated certificate for mlflow_hostname."
  }

  assert {
    condition = (
      keys(aws_route53_record.certificate_validation) == ["mlflow.example.com"] &&
      aws_route53_record.certificate_validation["mlflow.example.com"].zone_id == "Z0123456789ABCDEFGHIJ" &&
      aws_route53_record.certificate_validation["mlflow.example.com"].type == "CNAME" &&
      aws_route53_record.certificate_validation["mlflow.example.com"].records == toset(["_9e8d7c.acm-validations.aws."])
    )
    error_message = "ACM's validation CNAME must be written into the zone."
  }

  assert {
    condition     = aws_lb_listener.https[0].certificate_arn == aws_acm_certificate_validation.mlflow[0].certificate_arn && one(aws_lb_listener.http.default_action).type == "redirect"
    error_message = "The HTTPS listener must use the certificate only once validated, and port 80 must redirect."
  }

  assert {
    condition = (
      length(aws_route53_record.mlflow) == 1 &&
      aws_route53_record.mlflow[0].name == "mlflow.example.com" &&
      aws_route53_record.mlflow[0].type == "A" &&
      one(aws_route53_record.mlflow[0].alias).name == "mlflow-test-123456789.eu-west-2.elb.amazonaws.com" &&
      one(aws_route53_record.mlflow[0].alias).zone_id == "ZHURV8PSTC4K8"
    )
    error_message = "mlflow_hostname must be an alias A record of the load balancer in the zone."
  }

  assert {
    condition     = output.mlflow_url == "https://mlflow.example.com" && output.https_enabled
    error_message = "The URL must be https on the host name."
  }
}

run "a_given_certificate_with_a_zone_only_adds_the_alias_and_it_can_be_left_out" {
  command = plan

  variables {
    certificate_arn   = "arn:aws:acm:eu-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    route53_zone_id   = "Z0123456789ABCDEFGHIJ"
    mlflow_hostname   = "mlflow.example.com"
    create_dns_record = false
  }

  assert {
    condition     = length(aws_acm_certificate.mlflow) == 0 && length(aws_route53_record.certificate_validation) == 0 && length(aws_route53_record.mlflow) == 0
    error_message = "A given certificate must not be requested again, and create_dns_record = false must create no record."
  }

  assert {
    condition     = aws_lb_listener.https[0].certificate_arn == "arn:aws:acm:eu-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    error_message = "The HTTPS listener must use the given certificate."
  }
}

run "waf_rate_limit_and_counted_rules_follow_their_variables" {
  command = plan

  variables {
    waf_rate_limit              = 1200
    waf_common_rules_count_only = []
  }

  assert {
    condition     = one([for r in aws_wafv2_web_acl.mlflow[0].rule : one(one(r.statement).rate_based_statement).limit if r.name == "rate-limit-per-ip"]) == 1200
    error_message = "The rate rule must use waf_rate_limit."
  }

  assert {
    condition     = alltrue([for r in aws_wafv2_web_acl.mlflow[0].rule : length(one(one(r.statement).managed_rule_group_statement).rule_action_override) == 0 if r.name != "rate-limit-per-ip"])
    error_message = "With no counted rules, every managed rule must keep its block action."
  }
}

run "an_internal_load_balancer_sits_in_the_private_subnets_behind_the_given_cidrs" {
  command = plan

  variables {
    alb_internal      = true
    alb_ingress_cidrs = ["10.20.0.0/16"]
    certificate_arn   = "arn:aws:acm:eu-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
  }

  assert {
    condition     = aws_lb.mlflow.internal == true && aws_lb.mlflow.subnets == toset(aws_subnet.private[*].id)
    error_message = "alb_internal must make the load balancer internal, in the private subnets."
  }

  assert {
    condition = (
      toset([for r in aws_vpc_security_group_ingress_rule.alb : "${r.from_port}/${r.cidr_ipv4}"]) == toset(["80/10.20.0.0/16", "443/10.20.0.0/16"])
    )
    error_message = "The load balancer must accept 80 and 443 from alb_ingress_cidrs only."
  }
}

run "flow_logs_alone_keep_the_bucket_without_the_elb_grant" {
  command = plan

  variables {
    alb_access_logs_enabled = false
  }

  assert {
    condition     = length(aws_s3_bucket.logs) == 1 && length(aws_flow_log.vpc) == 1 && one(aws_lb.mlflow.access_logs).enabled == false
    error_message = "Flow logs alone must still get the log bucket, with access logs off."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.logs[0].statement : s.sid] == ["DenyInsecureTransport", "FlowLogsWrite", "FlowLogsAclCheck"]
    error_message = "Without access logs the bucket must not grant ELB anything."
  }
}

run "a_region_opened_since_august_2022_lets_the_elb_log_delivery_service_write" {
  command = plan

  variables {
    region = "eu-central-2"
  }

  assert {
    condition = length(data.aws_elb_service_account.current) == 0 && one([
      for s in data.aws_iam_policy_document.logs[0].statement : one(s.principals).type == "Service" && toset(one(s.principals).identifiers) == toset(["logdelivery.elasticloadbalancing.amazonaws.com"]) if s.sid == "LoadBalancerAccessLogs"
    ])
    error_message = "Where no regional ELB account exists, the logdelivery.elasticloadbalancing.amazonaws.com service principal must be granted."
  }
}

run "production_refuses_less_than_a_year_of_logs" {
  command = plan

  variables {
    environment        = "production"
    log_retention_days = 180
  }

  expect_failures = [var.log_retention_days]
}

run "production_accepts_a_year_of_logs" {
  command = plan

  variables {
    environment        = "production"
    log_retention_days = 365
  }

  assert {
    condition     = aws_cloudwatch_log_group.mlflow.retention_in_days == 365
    error_message = "365 days must be accepted in production."
  }
}

run "an_existing_artifact_bucket_gets_no_lifecycle_rule" {
  command = plan

  variables {
    create_artifact_bucket = false
    artifact_bucket_name   = "my-existing-mlflow-artifacts"
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.artifacts) == 0
    error_message = "A bucket this stack does not own must not get a lifecycle rule."
  }
}

run "one_nat_gateway_by_default_and_one_per_az_when_asked" {
  command = apply

  assert {
    condition = (
      length(aws_nat_gateway.main) == 1 &&
      length(aws_route_table.private) == 1 &&
      alltrue([for a in aws_route_table_association.private : a.route_table_id == aws_route_table.private[0].id])
    )
    error_message = "By default both private subnets route through one NAT gateway."
  }
}

run "nat_gateway_per_az_gives_each_private_subnet_its_own_way_out" {
  command = apply

  variables {
    nat_gateway_per_az = true
  }

  assert {
    condition = (
      length(aws_nat_gateway.main) == 2 &&
      tolist([for n in aws_nat_gateway.main : n.subnet_id]) == tolist(aws_subnet.public[*].id) &&
      tolist([for r in aws_route.private_nat : r.nat_gateway_id]) == tolist(aws_nat_gateway.main[*].id) &&
      tolist([for r in aws_route.private_nat : r.route_table_id]) == tolist(aws_route_table.private[*].id) &&
      tolist([for a in aws_route_table_association.private : a.route_table_id]) == tolist(aws_route_table.private[*].id) &&
      tolist([for a in aws_route_table_association.private : a.subnet_id]) == tolist(aws_subnet.private[*].id)
    )
    error_message = "With nat_gateway_per_az each private subnet must route through the NAT gateway of its own AZ."
  }
}

# CloudWatch alarms on what degrades an MLflow server between nightly checks,
# each notifying one SNS topic (and recovering with an OK notification). The
# README's "Alarms" section lists them with what to do when one fires.
# Verify's `alarms` check reads alarm_names: every one must exist and none may
# be in ALARM.
#
# The topic is not KMS-encrypted: CloudWatch can publish to an encrypted topic
# only through a customer managed key whose policy admits
# cloudwatch.amazonaws.com, and the notifications hold no secret (alarm name,
# metric, threshold, state reason).
resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  alarm_name_prefix = "${var.name}-"
  alarm_actions     = [aws_sns_topic.alarms.arn]

  # Dimensions of the load balancer's and target group's metrics.
  alb_dimensions = { LoadBalancer = aws_lb.mlflow.arn_suffix }
  tg_dimensions  = { LoadBalancer = aws_lb.mlflow.arn_suffix, TargetGroup = aws_lb_target_group.mlflow.arn_suffix }
  ecs_dimensions = { ClusterName = aws_ecs_cluster.main.name, ServiceName = local.service_name }
  rds_dimensions = { DBInstanceIdentifier = aws_db_instance.mlflow.identifier }

  alarm_names = [
    aws_cloudwatch_metric_alarm.alb_5xx_rate.alarm_name,
    aws_cloudwatch_metric_alarm.unhealthy_hosts.alarm_name,
    aws_cloudwatch_metric_alarm.response_time_p95.alarm_name,
    aws_cloudwatch_metric_alarm.ecs_cpu.alarm_name,
    aws_cloudwatch_metric_alarm.ecs_memory.alarm_name,
    aws_cloudwatch_metric_alarm.rds_cpu.alarm_name,
    aws_cloudwatch_metric_alarm.rds_free_storage.alarm_name,
    aws_cloudwatch_metric_alarm.rds_connections.alarm_name,
  ]
}

# Share of requests answered with a 5xx, by the tasks or by the load balancer
# itself (502/503/504 when no task answers; RequestCount leaves those out, so
# they are added to both sides). No traffic is not an error.
resource "aws_cloudwatch_metric_alarm" "alb_5xx_rate" {
  alarm_name          = "${local.alarm_name_prefix}alb-5xx-rate"
  alarm_description   = "More than ${var.alarm_alb_5xx_rate_percent}% of requests answered 5xx in 3 of 5 minutes. See README.md, Alarms."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_alb_5xx_rate_percent
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  actions_enabled     = true

  metric_query {
    id          = "rate"
    expression  = "IF((FILL(requests, 0) + FILL(elb5xx, 0)) > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / (FILL(requests, 0) + FILL(elb5xx, 0)), 0)"
    label       = "5xx responses (%)"
    return_data = true
  }

  metric_query {
    id = "target5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = local.alb_dimensions
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "elb5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      dimensions  = local.alb_dimensions
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = local.alb_dimensions
      period      = 60
      stat        = "Sum"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  alarm_name          = "${local.alarm_name_prefix}unhealthy-hosts"
  alarm_description   = "At least ${var.alarm_unhealthy_hosts} task(s) failing the load balancer's health check in 3 of 5 minutes. See README.md, Alarms."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = local.tg_dimensions
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.alarm_unhealthy_hosts
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  actions_enabled     = true
}

resource "aws_cloudwatch_metric_alarm" "response_time_p95" {
  alarm_name          = "${local.alarm_name_prefix}response-time-p95"
  alarm_description   = "95th percentile of the tasks' response time above ${var.alarm_response_time_p95_seconds} s in 3 of 5 minutes. See README.md, Alarms."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = local.alb_dimensions
  extended_statistic  = "p95"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_response_time_p95_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  actions_enabled     = true
}

# Autoscaling tracks CPU and memory at lower targets; these fire when it is at
# its maximum and the tasks stay hot anyway.
resource "aws_cloudwatch_metric_alarm" "ecs_cpu" {
  alarm_name          = "${local.alarm_name_prefix}ecs-cpu"
  alarm_description   = "Average CPU of the MLflow tasks above ${var.alarm_ecs_cpu_percent}% for 15 minutes. See README.md, Alarms."
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  dimensions          = local.ecs_dimensions
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_ecs_cpu_percent
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  actions_enabled     = true
}

resource "aws_cloudwatch_metric_alarm" "ecs_memory" {
  alarm_name          = "${local.alarm_name_prefix}ecs-memory"
  alarm_description   = "Average memory of the MLflow tasks above ${var.alarm_ecs_memory_percent}% for 15 minutes. See README.md, Alarms."
  namespace           = "AWS/ECS"
  metric_name         = "MemoryUtilization"
  dimensions          = local.ecs_dimensions
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_ecs_memory_percent
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  actions_enabled     = true
}

resource "aws_cloudwatch_metric_alarm" "rds_cpu" {
  alarm_name          = "${local.alarm_name_prefix}rds-cpu"
  alarm_description   = "Database CPU above ${var.alarm_rds_cpu_percent}% for 15 minutes. See README.md, Alarms."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = local.rds_dimensions
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alarm_rds_cpu_percent
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  actions_enabled     = true
}

# Storage autoscaling (db_max_allocated_storage) grows the volume when free
# space runs low; this fires when it cannot (at the maximum, or within its
# six-hour cool-down).
resource "aws_cloudwatch_metric_alarm" "rds_free_storage" {
  alarm_name          = "${local.alarm_name_prefix}rds-free-storage"
  alarm_description   = "Database free storage below ${var.alarm_rds_free_storage_gib} GiB. See README.md, Alarms."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = local.rds_dimensions
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "LessThanThreshold"
  threshold           = var.alarm_rds_free_storage_gib * 1073741824
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  actions_enabled     = true
}

resource "aws_cloudwatch_metric_alarm" "rds_connections" {
  alarm_name          = "${local.alarm_name_prefix}rds-connections"
  alarm_description   = "Database connections above ${var.alarm_rds_connections_percent}% of max_connections (${coalesce(local.db_max_connections, 0)} for ${var.db_instance_class}) in 3 of 5 minutes. See README.md, Alarms."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = local.rds_dimensions
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = floor(coalesce(local.db_max_connections, 0) * var.alarm_rds_connections_percent / 100)
  treat_missing_data  = "missing"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  actions_enabled     = true

  lifecycle {
    precondition {
      condition     = local.db_max_connections != null
      error_message = "db_instance_class ${var.db_instance_class} is not in infra/db_connections.tf's memory table, so its max_connections (and this alarm's threshold) is unknown: add the class with its memory in GiB."
    }
  }
}

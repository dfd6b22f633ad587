# Offline checks of the alarms (alarms.tf), the autoscaling bounds and the
# service's ignored count (autoscaling.tf, ecs.tf), and MLflow's database pool
# settings (db_connections.tf). Mocked provider as in the other files; the
# apply runs execute init.tf's provisioner, so run with
# MLFLOW_DEPLOY_INIT_HOOK=true.

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

  mock_data "aws_rds_engine_version" {
    defaults = {
      version_actual = "15.10"
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
      arn = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:mlflow-test-auth-AbCdEf"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mlflow-test-role"
    }
  }

  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/mlflow-test/0123456789abcdef"
      arn_suffix = "app/mlflow-test/0123456789abcdef"
      dns_name   = "mlflow-test-123456789.eu-west-2.elb.amazonaws.com"
    }
  }

  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:targetgroup/mlflow-test-tg/0123456789abcdef"
      arn_suffix = "targetgroup/mlflow-test-tg/0123456789abcdef"
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
      arn = "arn:aws:s3:::mlflow-test-bucket"
    }
  }

  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/mlflow-test/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-2:123456789012:mlflow-test-alarms"
    }
  }
}

variables {
  name                = "mlflow-test"
  environment         = "test"
  mlflow_image_digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
}

run "every_alarm_watches_its_metric_and_notifies_the_one_topic" {
  command = apply

  assert {
    condition     = aws_sns_topic.alarms.name == "mlflow-test-alarms" && length(aws_sns_topic_subscription.alarm_email) == 0
    error_message = "One topic per stack, with no subscriber unless alarm_email is set."
  }

  assert {
    condition = alltrue([for a in [
      aws_cloudwatch_metric_alarm.alb_5xx_rate, aws_cloudwatch_metric_alarm.unhealthy_hosts, aws_cloudwatch_metric_alarm.response_time_p95,
      aws_cloudwatch_metric_alarm.ecs_cpu, aws_cloudwatch_metric_alarm.ecs_memory,
      aws_cloudwatch_metric_alarm.rds_cpu, aws_cloudwatch_metric_alarm.rds_free_storage, aws_cloudwatch_metric_alarm.rds_connections,
    ] : a.alarm_actions == toset([aws_sns_topic.alarms.arn]) && a.ok_actions == toset([aws_sns_topic.alarms.arn]) && a.actions_enabled])
    error_message = "Every alarm must notify the alarm topic, on ALARM and on OK."
  }

  assert {
    condition     = output.alarm_names == ["mlflow-test-alb-5xx-rate", "mlflow-test-unhealthy-hosts", "mlflow-test-response-time-p95", "mlflow-test-ecs-cpu", "mlflow-test-ecs-memory", "mlflow-test-rds-cpu", "mlflow-test-rds-free-storage", "mlflow-test-rds-connections"]
    error_message = "alarm_names must list the eight alarms, for Verify."
  }

  assert {
    condition     = alltrue([for n in output.alarm_names : startswith(n, output.alarm_name_prefix)]) && output.alarm_topic_arn == aws_sns_topic.alarms.arn
    error_message = "Every alarm name must start with alarm_name_prefix."
  }

  # 5xx rate: metric math over the target's and the load balancer's 5xx and the request count.
  assert {
    condition = (
      { for q in aws_cloudwatch_metric_alarm.alb_5xx_rate.metric_query : q.id => one(q.metric).metric_name if length(q.metric) > 0 } == { target5xx = "HTTPCode_Target_5XX_Count", elb5xx = "HTTPCode_ELB_5XX_Count", requests = "RequestCount" }
      && alltrue([for q in aws_cloudwatch_metric_alarm.alb_5xx_rate.metric_query : one(q.metric).dimensions == tomap({ LoadBalancer = "app/mlflow-test/0123456789abcdef" }) && one(q.metric).stat == "Sum" && one(q.metric).namespace == "AWS/ApplicationELB" if length(q.metric) > 0])
      && one([for q in aws_cloudwatch_metric_alarm.alb_5xx_rate.metric_query : q.return_data if q.id == "rate"])
      && strcontains(one([for q in aws_cloudwatch_metric_alarm.alb_5xx_rate.metric_query : q.expression if q.id == "rate"]), "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / (FILL(requests, 0) + FILL(elb5xx, 0))")
      && aws_cloudwatch_metric_alarm.alb_5xx_rate.threshold == 5 && aws_cloudwatch_metric_alarm.alb_5xx_rate.comparison_operator == "GreaterThanThreshold"
    )
    error_message = "The 5xx alarm must divide the 5xx responses by the requests of this load balancer, and fire above alarm_alb_5xx_rate_percent."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.unhealthy_hosts.metric_name == "UnHealthyHostCount" && aws_cloudwatch_metric_alarm.unhealthy_hosts.namespace == "AWS/ApplicationELB"
      && aws_cloudwatch_metric_alarm.unhealthy_hosts.dimensions == tomap({ LoadBalancer = "app/mlflow-test/0123456789abcdef", TargetGroup = "targetgroup/mlflow-test-tg/0123456789abcdef" })
      && aws_cloudwatch_metric_alarm.unhealthy_hosts.threshold == 1 && aws_cloudwatch_metric_alarm.unhealthy_hosts.comparison_operator == "GreaterThanOrEqualToThreshold"
    )
    error_message = "The unhealthy-host alarm must watch this target group and fire at one unhealthy task."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.response_time_p95.metric_name == "TargetResponseTime" && aws_cloudwatch_metric_alarm.response_time_p95.extended_statistic == "p95"
      && aws_cloudwatch_metric_alarm.response_time_p95.statistic == null && aws_cloudwatch_metric_alarm.response_time_p95.threshold == 2
    )
    error_message = "The response-time alarm must use the p95 of TargetResponseTime against alarm_response_time_p95_seconds."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.ecs_cpu.namespace == "AWS/ECS" && aws_cloudwatch_metric_alarm.ecs_cpu.metric_name == "CPUUtilization" && aws_cloudwatch_metric_alarm.ecs_cpu.threshold == 85
      && aws_cloudwatch_metric_alarm.ecs_memory.metric_name == "MemoryUtilization" && aws_cloudwatch_metric_alarm.ecs_memory.threshold == 85
      && aws_cloudwatch_metric_alarm.ecs_cpu.dimensions == tomap({ ClusterName = "mlflow-test", ServiceName = "mlflow-test" })
      && aws_cloudwatch_metric_alarm.ecs_memory.dimensions == aws_cloudwatch_metric_alarm.ecs_cpu.dimensions
    )
    error_message = "The ECS alarms must watch this service's CPU and memory."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.rds_cpu.namespace == "AWS/RDS" && aws_cloudwatch_metric_alarm.rds_cpu.metric_name == "CPUUtilization" && aws_cloudwatch_metric_alarm.rds_cpu.threshold == 80
      && aws_cloudwatch_metric_alarm.rds_free_storage.metric_name == "FreeStorageSpace" && aws_cloudwatch_metric_alarm.rds_free_storage.threshold == 2 * 1073741824
      && aws_cloudwatch_metric_alarm.rds_free_storage.comparison_operator == "LessThanThreshold"
      && aws_cloudwatch_metric_alarm.rds_connections.metric_name == "DatabaseConnections"
      && alltrue([for a in [aws_cloudwatch_metric_alarm.rds_cpu, aws_cloudwatch_metric_alarm.rds_free_storage, aws_cloudwatch_metric_alarm.rds_connections] : a.dimensions == tomap({ DBInstanceIdentifier = aws_db_instance.mlflow.identifier })])
    )
    error_message = "The RDS alarms must watch this instance's CPU, free storage (in bytes) and connections."
  }

  # db.t3.micro: LEAST(1 GiB / 9531392, 5000) = 112; 80% of it.
  assert {
    condition     = output.db_max_connections == 112 && aws_cloudwatch_metric_alarm.rds_connections.threshold == 89
    error_message = "The connections alarm must fire at alarm_rds_connections_percent of the class's max_connections."
  }
}

run "thresholds_and_the_subscription_come_from_the_environment" {
  command = plan

  variables {
    db_instance_class               = "db.t4g.small"
    alarm_email                     = "mlflow-oncall@example.com"
    alarm_alb_5xx_rate_percent      = 2
    alarm_response_time_p95_seconds = 3
    alarm_ecs_memory_percent        = 90
    alarm_rds_free_storage_gib      = 4
    alarm_rds_connections_percent   = 70
  }

  assert {
    condition     = one(aws_sns_topic_subscription.alarm_email).protocol == "email" && one(aws_sns_topic_subscription.alarm_email).endpoint == "mlflow-oncall@example.com"
    error_message = "alarm_email must subscribe that address to the topic."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.alb_5xx_rate.threshold == 2 && aws_cloudwatch_metric_alarm.response_time_p95.threshold == 3
      && aws_cloudwatch_metric_alarm.ecs_memory.threshold == 90 && aws_cloudwatch_metric_alarm.rds_free_storage.threshold == 4 * 1073741824
    )
    error_message = "Each threshold must follow its variable."
  }

  # db.t4g.small: 2 GiB -> 225 connections; 70% of it.
  assert {
    condition     = local.db_max_connections == 225 && aws_cloudwatch_metric_alarm.rds_connections.threshold == 157
    error_message = "max_connections must follow the instance class's memory."
  }
}

run "a_class_without_known_memory_is_refused_by_name" {
  command = plan

  variables {
    db_instance_class = "db.x2g.large"
  }

  expect_failures = [aws_cloudwatch_metric_alarm.rds_connections]
}

# The first run applied the service with desired_count 2. A new desired_count
# moves the scalable target's minimum (which scales the service at once), not
# the service: after create its count is autoscaling's (ignore_changes).
run "desired_count_is_the_autoscaling_floor_and_the_service_count_is_autoscalings" {
  command = plan

  # db.t4g.small (budget 202) holds 5 tasks' connections, db.t3.micro does not.
  variables {
    desired_count            = 3
    autoscaling_max_capacity = 5
    db_instance_class        = "db.t4g.small"
  }

  assert {
    condition     = aws_appautoscaling_target.ecs.min_capacity == 3 && aws_appautoscaling_target.ecs.max_capacity == 5
    error_message = "desired_count must be the scalable target's minimum."
  }

  assert {
    condition     = aws_ecs_service.mlflow.desired_count == 2
    error_message = "After create, the service's count must be left to autoscaling (lifecycle ignore_changes = [desired_count])."
  }
}

run "desired_count_zero_stops_the_service" {
  command = plan

  variables {
    desired_count = 0
  }

  assert {
    condition     = aws_appautoscaling_target.ecs.min_capacity == 0 && aws_appautoscaling_target.ecs.max_capacity == 0 && output.autoscaling_max_capacity == 0
    error_message = "desired_count 0 must set both bounds to 0, or autoscaling would keep tasks running."
  }
}

run "desired_count_above_the_maximum_is_refused" {
  command = plan

  variables {
    desired_count            = 5
    autoscaling_max_capacity = 4
  }

  expect_failures = [var.desired_count]
}

run "the_pool_settings_reach_mlflow" {
  command = plan

  variables {
    mlflow_db_pool_size            = 3
    mlflow_db_max_overflow         = 1
    mlflow_db_pool_recycle_seconds = 900
    db_instance_class              = "db.t4g.small"
  }

  assert {
    condition = {
      for e in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["environment"] : e.name => e.value if startswith(e.name, "MLFLOW_SQLALCHEMYSTORE_")
      } == {
      MLFLOW_SQLALCHEMYSTORE_POOL_SIZE    = "3"
      MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW = "1"
      MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE = "900"
    }
    error_message = "The task definition must pass the pool settings to MLflow as MLFLOW_SQLALCHEMYSTORE_* variables."
  }
}

# db.t3.micro: max_connections 112, budget floor(0.9 x 112) = 100. With
# basic-auth each worker has 3 engines: 4 tasks x 2 (rollout) x 2 workers x 3
# x 2 connections = 96 fits.
run "the_connection_budget_fits_at_the_defaults" {
  command = plan

  assert {
    condition     = local.db_peak_connections == 96 && local.db_connection_budget == 100
    error_message = "Peak = autoscaling_max_capacity x 2 x gunicorn_workers x engines x (pool + overflow); budget = 90% of max_connections."
  }
}

# One more task at full scale: 5 x 2 x 2 x 3 x 2 = 120 > 100.
run "a_peak_above_the_budget_is_refused" {
  command = plan

  variables {
    autoscaling_max_capacity = 5
  }

  expect_failures = [aws_ecs_task_definition.mlflow]
}

# The same scale without basic-auth has no auth engine: 5 x 2 x 2 x 2 x 2 = 80.
run "without_basic_auth_each_worker_has_two_engines" {
  command = plan

  variables {
    autoscaling_max_capacity = 5
    auth_mode                = "none"
  }

  assert {
    condition     = local.db_engines_per_worker == 2 && local.db_peak_connections == 80
    error_message = "Without basic-auth a worker opens only the tracking and model-registry engines."
  }
}

# max_overflow counts: 4 x 2 x 2 x 3 x (2 + 1) = 144 > 100.
run "the_overflow_counts_against_the_budget" {
  command = plan

  variables {
    mlflow_db_max_overflow = 1
  }

  expect_failures = [aws_ecs_task_definition.mlflow]
}

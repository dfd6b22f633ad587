# Names read by the deploy library (DeploymentOutputs) come first; keep them.

output "region" {
  description = "Region the stack runs in."
  value       = var.region
}

output "mlflow_url" {
  description = "Base URL of the MLflow tracking server."
  value       = local.mlflow_url
}

output "mlflow_version" {
  description = "MLflow version the service is meant to run (GET /version should answer it)."
  value       = var.mlflow_version
}

output "ecs_cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.main.name
}

output "ecs_service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.mlflow.name
}

output "container_name" {
  description = "Name of the MLflow container in the task definition."
  value       = local.container_name
}

output "task_definition_arn" {
  description = "Task definition revision the service was set to."
  value       = aws_ecs_task_definition.mlflow.arn
}

output "desired_count" {
  description = "Task count Terraform set on the service."
  value       = var.desired_count
}

output "load_balancer_arn" {
  description = "Application load balancer ARN."
  value       = aws_lb.mlflow.arn
}

output "target_group_arn" {
  description = "Target group the tasks register in."
  value       = aws_lb_target_group.mlflow.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the MLflow containers."
  value       = aws_cloudwatch_log_group.mlflow.name
}

output "db_instance_identifier" {
  description = "RDS instance identifier."
  value       = aws_db_instance.mlflow.identifier
}

output "artifact_bucket_name" {
  description = "S3 bucket holding MLflow artifacts."
  value       = local.artifact_bucket_name
}

# Further outputs for people and reviews.

output "artifacts_destination" {
  description = "S3 location passed to mlflow server --artifacts-destination."
  value       = local.artifacts_destination
}

output "backend_store_uri" {
  description = "The backend-store URI the tasks get as MLFLOW_BACKEND_STORE_URI. It holds no password: libpq reads that from PGPASSWORD or the task's password file."
  value       = local.backend_store_uri
}

output "db_engine_version" {
  description = "PostgreSQL version requested for the instance."
  value       = local.db_engine_version
}

output "db_credentials_secret_arn" {
  description = "The RDS-managed Secrets Manager secret holding the master user name and password (the ARN, not the value). RDS creates and rotates it."
  value       = local.db_master_secret_arn
}

output "https_enabled" {
  description = "True when the load balancer serves HTTPS (port 80 then only redirects)."
  value       = local.https_enabled
}

output "allow_plain_http" {
  description = "The environment's stated acceptance of plain HTTP; Validate refuses staging and production with https_enabled false unless this is true."
  value       = var.allow_plain_http
}

output "certificate_arn" {
  description = "ACM certificate on the HTTPS listener (given or created), or null without HTTPS."
  value       = local.https_enabled ? local.certificate_arn : null
}

output "web_acl_arn" {
  description = "WAF web ACL associated with the load balancer, or null when waf_enabled is false."
  value       = var.waf_enabled ? aws_wafv2_web_acl.mlflow[0].arn : null
}

output "log_bucket_name" {
  description = "Bucket holding the ALB access logs (alb/) and VPC flow logs (AWSLogs/), or null when both are off."
  value       = local.create_log_bucket ? aws_s3_bucket.logs[0].id : null
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (point mlflow_hostname's record here)."
  value       = aws_lb.mlflow.dns_name
}

output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.main.id
}

output "private_subnet_ids" {
  description = "Private subnets (tasks and database)."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets (load balancer and NAT)."
  value       = aws_subnet.public[*].id
}

output "ecs_security_group_id" {
  description = "Security group of the MLflow tasks."
  value       = aws_security_group.ecs.id
}

# ---------------------------------------------------------------------------
# Image, authentication and the init task (branch secrets-image)
# ---------------------------------------------------------------------------

output "image_repository_url" {
  description = "The ECR repository (created by infra/bootstrap) the image built from infra/image is pushed to; its digest is mlflow_image_digest."
  value       = local.image_repository_url
}

output "mlflow_image" {
  description = "The image reference the task definition runs (<repository>@<digest>, or the mlflow_image opt-out)."
  value       = local.mlflow_image
}

output "auth_mode" {
  description = "How users authenticate: basic-auth or none."
  value       = var.auth_mode
}

output "admin_secret_arn" {
  description = "Secrets Manager secret with the basic-auth administrator's {username, password} (null without basic-auth). Only people who administer MLflow should read it."
  value       = try(local.auth_secret_arns["admin"], null)
}

output "verifier_secret_arn" {
  description = "Secrets Manager secret with the verification user's {username, password} (null without basic-auth). The only secret the plan role may read: Verify logs in with it."
  value       = try(local.auth_secret_arns["verifier"], null)
}

output "flask_secret_key_secret_arn" {
  description = "Secrets Manager secret with MLFLOW_FLASK_SERVER_SECRET_KEY (null without basic-auth)."
  value       = try(local.auth_secret_arns["flask_secret_key"], null)
}

# ---------------------------------------------------------------------------
# Alarms, capacity and connections (branch safe-changes)
# ---------------------------------------------------------------------------

output "alarm_names" {
  description = "The stack's CloudWatch alarms; Verify's alarms check finds each and fails on any in ALARM."
  value       = local.alarm_names
}

output "alarm_name_prefix" {
  description = "Prefix of every alarm name (DescribeAlarms AlarmNamePrefix)."
  value       = local.alarm_name_prefix
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies (ALARM and OK); subscribe paging or chat integrations to it."
  value       = aws_sns_topic.alarms.arn
}

output "autoscaling_max_capacity" {
  description = "Most tasks autoscaling may run; desired_count is the fewest."
  value       = var.desired_count == 0 ? 0 : var.autoscaling_max_capacity
}

output "db_max_connections" {
  description = "max_connections of the database from its instance class (LEAST(DBInstanceClassMemory/9531392, 5000) with nominal memory), or null for a class missing from db_connections.tf."
  value       = local.db_max_connections
}

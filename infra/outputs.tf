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

output "backend_store_uri_redacted" {
  description = "Shape of the backend-store URI held in the secret, with the password replaced by ****."
  value       = local.backend_store_uri_redacted
}

output "db_engine_version" {
  description = "PostgreSQL version requested for the instance."
  value       = local.db_engine_version
}

output "db_credentials_secret_arn" {
  description = "Secrets Manager secret holding the DB credentials and backend-store URI (the ARN, not the value)."
  value       = aws_secretsmanager_secret.db.arn
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

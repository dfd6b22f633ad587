data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"

  # Local Zones and Wavelength Zones cannot host the ALB/RDS pair.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  azs        = slice(data.aws_availability_zones.available.names, 0, 2)

  container_name = "mlflow"
  container_port = 5000
  db_port        = 5432

  artifact_bucket_name  = coalesce(var.artifact_bucket_name, "${var.name}-artifacts-${local.account_id}-${var.region}")
  artifact_bucket_arn   = "arn:${local.partition}:s3:::${local.artifact_bucket_name}"
  artifacts_destination = "s3://${local.artifact_bucket_name}/${var.artifact_prefix}"

  mlflow_url = "${local.https_enabled ? "https" : "http"}://${coalesce(var.mlflow_hostname, aws_lb.mlflow.dns_name)}"

  # HTTPS is on with a given certificate, or with a zone in which one is
  # requested and validated (certificate.tf).
  https_enabled      = var.certificate_arn != null || var.route53_zone_id != null
  create_certificate = var.certificate_arn == null && var.route53_zone_id != null
  certificate_arn    = local.create_certificate ? aws_acm_certificate_validation.mlflow[0].certificate_arn : var.certificate_arn

  # One bucket receives the load balancer's access logs and the flow logs.
  create_log_bucket = var.alb_access_logs_enabled || var.vpc_flow_logs_enabled
  log_bucket_name   = "${var.name}-logs-${local.account_id}-${var.region}"
}

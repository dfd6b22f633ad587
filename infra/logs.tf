resource "aws_cloudwatch_log_group" "mlflow" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
}

# The groups RDS exports the PostgreSQL and upgrade logs to; created here so
# that they carry the stack's retention instead of "never expire".
resource "aws_cloudwatch_log_group" "rds" {
  for_each = toset(var.db_log_exports_enabled ? ["postgresql", "upgrade"] : [])

  name              = "/aws/rds/instance/${var.name}-db/${each.key}"
  retention_in_days = var.log_retention_days
}

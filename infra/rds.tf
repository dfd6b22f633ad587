# Only read when no exact version is pinned: the lookup needs
# rds:DescribeDBEngineVersions, which the local emulator does not offer.
data "aws_rds_engine_version" "postgres" {
  count = var.db_engine_version == "" ? 1 : 0

  engine  = "postgres"
  version = var.db_engine_major_version
  latest  = true
}

locals {
  db_engine_version = var.db_engine_version != "" ? var.db_engine_version : data.aws_rds_engine_version.postgres[0].version_actual
}

resource "aws_db_subnet_group" "mlflow" {
  name       = "${var.name}-db"
  subnet_ids = aws_subnet.private[*].id

  tags = { Name = "${var.name}-db" }
}

# PostgreSQL 15 on RDS still accepts unencrypted connections; force TLS.
resource "aws_db_parameter_group" "mlflow" {
  name_prefix = "${var.name}-pg${var.db_engine_major_version}-"
  family      = "postgres${var.db_engine_major_version}"
  description = "MLflow PostgreSQL ${var.db_engine_major_version}: TLS required"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Records when this database was created, so that each incarnation's final
# snapshot gets its own name; a fixed name would make the second teardown of
# a re-created environment fail with DBSnapshotAlreadyExists.
resource "terraform_data" "db_incarnation" {
  input = timestamp()

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_db_instance" "mlflow" {
  identifier     = "${var.name}-db"
  engine         = "postgres"
  engine_version = local.db_engine_version
  instance_class = var.db_instance_class

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name  = var.db_name
  username = var.db_username
  port     = local.db_port

  # RDS generates the master password, keeps it in a Secrets Manager secret
  # it owns (master_user_secret) and rotates it; it never passes through
  # Terraform, so neither the plan nor the state nor a refresh touches it.
  manage_master_user_password = true

  db_subnet_group_name   = aws_db_subnet_group.mlflow.name
  vpc_security_group_ids = [aws_security_group.rds.id]
  parameter_group_name   = aws_db_parameter_group.mlflow.name
  publicly_accessible    = false
  multi_az               = var.db_multi_az

  backup_retention_period = var.db_backup_retention_days
  backup_window           = "02:00-03:00"
  maintenance_window      = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot   = true

  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false

  performance_insights_enabled          = var.db_performance_insights_enabled
  performance_insights_retention_period = var.db_performance_insights_enabled ? 7 : null
  enabled_cloudwatch_logs_exports       = var.db_log_exports_enabled ? ["postgresql", "upgrade"] : []

  deletion_protection       = var.db_deletion_protection
  skip_final_snapshot       = !var.final_snapshot_on_destroy
  final_snapshot_identifier = var.final_snapshot_on_destroy ? "${var.name}-db-final-${formatdate("YYYYMMDDhhmmss", terraform_data.db_incarnation.output)}" : null

  tags = { Name = "${var.name}-db" }

  # RDS creates the export log groups itself, without retention, unless they
  # exist first.
  depends_on = [aws_cloudwatch_log_group.rds]
}

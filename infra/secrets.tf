# The DB credentials secret; the password comes from db_password.tf.
locals {
  # The one formula for the backend-store URI. Host comes from the instance's
  # address (never endpoint, which already ends in ":port"). The same template
  # yields the secret value (url-encoded password) and the redacted output.
  backend_store_uri_template = "postgresql://${urlencode(var.db_username)}:%s@${aws_db_instance.mlflow.address}:${aws_db_instance.mlflow.port}/${var.db_name}?sslmode=require"
  backend_store_uri_redacted = format(local.backend_store_uri_template, "****")
  backend_store_uri          = format(local.backend_store_uri_template, urlencode(local.db_password))

  # The secret's value, named so that Validate can read the rendered JSON the
  # task definition's secret reference points into.
  db_secret_string = jsonencode({
    engine            = "postgres"
    username          = var.db_username
    password          = local.db_password
    host              = aws_db_instance.mlflow.address
    port              = aws_db_instance.mlflow.port
    dbname            = var.db_name
    backend_store_uri = local.backend_store_uri
  })

  # Changes when the password is rotated and when the instance is replaced
  # (a new resource_id), which are exactly the applies in which RDS receives
  # password_wo, so the secret is rewritten with the same ephemeral value.
  db_credentials_version = parseint(substr(sha256("${var.db_password_version}/${aws_db_instance.mlflow.resource_id}"), 0, 12), 16)
}

resource "aws_secretsmanager_secret" "db" {
  # A prefix, because a deleted secret's name stays taken for the whole
  # recovery window and would block re-creating the environment.
  name_prefix             = "${var.name}-db-credentials-"
  description             = "MLflow PostgreSQL credentials and backend-store URI"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id

  secret_string_wo         = local.db_secret_string
  secret_string_wo_version = local.db_credentials_version
}

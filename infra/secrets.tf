# No secret value lives in this stack. The plan role refreshes every resource
# here, and the AWS provider reads a secret *version* with GetSecretValue on
# each refresh, so only secret containers (metadata) are managed:
#
# * the database password belongs to RDS (manage_master_user_password in
#   rds.tf): RDS generates it, stores it in a secret it owns, and rotates it;
# * the basic-auth secrets below are empty containers. The init hook
#   (init.tf) writes their first value with PutSecretValue, and only when a
#   secret has no AWSCURRENT version yet.
#
# The tasks get every value through the task definition's `secrets`, resolved
# by the execution role when a task starts (ecs.tf, iam.tf).

locals {
  auth_enabled = var.auth_mode == "basic-auth"

  # Password-less: libpq takes the password from PGPASSWORD or its password
  # file (PGPASSFILE), so the URI can sit in a plain environment variable and
  # in plan output. Host from the instance's address, never endpoint (which
  # already ends in ":port").
  backend_store_uri = "postgresql://${urlencode(var.db_username)}@${aws_db_instance.mlflow.address}:${aws_db_instance.mlflow.port}/${var.db_name}?sslmode=require"

  # The basic-auth users and permissions live in their own database on the
  # same instance. MLflow 2.x's auth migrations keep their revision in a table
  # named alembic_version, the same name the tracking schema uses, so the two
  # schemas cannot share a database.
  auth_database_name = "${var.db_name}_auth"

  db_master_secret_arn = aws_db_instance.mlflow.master_user_secret[0].secret_arn

  auth_secret_purposes = {
    admin            = "MLflow basic-auth administrator: {\"username\", \"password\"}; written once by the init hook"
    verifier         = "MLflow basic-auth verification user for CI (not an admin): {\"username\", \"password\"}; written once by the init hook"
    flask_secret_key = "MLflow MLFLOW_FLASK_SERVER_SECRET_KEY shared by every task and worker; written once by the init hook"
  }
}

resource "aws_secretsmanager_secret" "auth" {
  for_each = local.auth_enabled ? local.auth_secret_purposes : {}

  # A prefix, because a deleted secret's name stays taken for the whole
  # recovery window and would block re-creating the environment.
  name_prefix             = "${var.name}-${replace(each.key, "_", "-")}-"
  description             = each.value
  recovery_window_in_days = var.secret_recovery_window_days
}

locals {
  auth_secret_arns = { for purpose, secret in aws_secretsmanager_secret.auth : purpose => secret.arn }

  # The container's secret references: <arn>[:json-key::]. The execution role
  # may read exactly the secrets listed here (iam.tf).
  container_secrets = concat(
    [{ name = "PGPASSWORD", valueFrom = "${local.db_master_secret_arn}:password::" }],
    local.auth_enabled ? [
      { name = "MLFLOW_FLASK_SERVER_SECRET_KEY", valueFrom = local.auth_secret_arns["flask_secret_key"] },
      { name = "MLFLOW_DEPLOY_ADMIN_USERNAME", valueFrom = "${local.auth_secret_arns["admin"]}:username::" },
      { name = "MLFLOW_DEPLOY_ADMIN_PASSWORD", valueFrom = "${local.auth_secret_arns["admin"]}:password::" },
      { name = "MLFLOW_DEPLOY_VERIFIER_USERNAME", valueFrom = "${local.auth_secret_arns["verifier"]}:username::" },
      { name = "MLFLOW_DEPLOY_VERIFIER_PASSWORD", valueFrom = "${local.auth_secret_arns["verifier"]}:password::" },
    ] : [],
  )

  injected_secret_arns = concat([local.db_master_secret_arn], values(local.auth_secret_arns))
}

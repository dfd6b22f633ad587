# The one-shot init task. It runs between "task definition registered" and
# "service rolls" (the service depends_on it), and whenever it is replaced:
# on the first deploy, when the image or mlflow_version changes, when
# authentication is switched, and when the database or an auth secret is
# new. A reviewer sees `terraform_data.mlflow_init must be replaced` in the
# plan: a migration will run.
#
# The provisioner calls back into the deploy library (build/MlflowDeploy,
# `init-task`), which
#   1. writes the first value of each auth secret that has none yet,
#   2. snapshots the database when the MLflow version changes,
#   3. runs ONE ECS task of the new task definition with the command
#      override ["init"] (mlflow db upgrade, the auth database and its
#      users), streams its log lines and waits for it under a deadline.
# A failure fails the apply here, before the service changes. In local
# environments the Fargate stand-in simulates the task and says so.
#
# The pipeline (./build.sh) gives terraform the hook's executable (the
# library's own program) in MLFLOW_DEPLOY_INIT_HOOK; without it (terraform
# run by hand) the provisioner fails with one line saying so. The offline
# `terraform test` runs set it to `true`: a hook that does nothing.
resource "terraform_data" "mlflow_init" {
  triggers_replace = {
    image          = local.mlflow_image
    mlflow_version = var.mlflow_version
    auth_mode      = var.auth_mode
    database       = aws_db_instance.mlflow.resource_id
    auth_secrets   = local.auth_secret_arns
  }

  provisioner "local-exec" {
    interpreter = ["/bin/sh", "-c"]
    command     = <<-EOT
      if [ -z "$MLFLOW_DEPLOY_INIT_HOOK" ]; then
        echo "mlflow_init: the init hook is not configured (MLFLOW_DEPLOY_INIT_HOOK is unset): run the deploy through ./build.sh, not terraform apply by hand" >&2
        exit 2
      fi
      exec "$MLFLOW_DEPLOY_INIT_HOOK" init-task
    EOT

    # Names and ARNs only: no secret value passes through here.
    environment = {
      MLFLOW_INIT_ENVIRONMENT              = var.environment
      MLFLOW_INIT_STACK                    = var.name
      MLFLOW_INIT_REGION                   = var.region
      MLFLOW_INIT_CLUSTER                  = aws_ecs_cluster.main.name
      MLFLOW_INIT_SERVICE                  = local.service_name
      MLFLOW_INIT_TASK_DEFINITION          = aws_ecs_task_definition.mlflow.arn
      MLFLOW_INIT_CONTAINER                = local.container_name
      MLFLOW_INIT_SUBNETS                  = join(",", aws_subnet.private[*].id)
      MLFLOW_INIT_SECURITY_GROUPS          = aws_security_group.ecs.id
      MLFLOW_INIT_MLFLOW_VERSION           = var.mlflow_version
      MLFLOW_INIT_DB_INSTANCE              = aws_db_instance.mlflow.identifier
      MLFLOW_INIT_AUTH_SECRETS             = jsonencode(local.auth_secret_arns)
      MLFLOW_INIT_TIMEOUT_MINUTES          = tostring(var.init_task_timeout_minutes)
      MLFLOW_INIT_SNAPSHOT_TIMEOUT_MINUTES = tostring(var.db_snapshot_timeout_minutes)
    }
  }

  # The task must be able to pull its image, read its secrets, write its
  # logs and reach the database before it starts.
  depends_on = [
    aws_route.private_nat,
    aws_route_table_association.private,
    aws_vpc_security_group_egress_rule.ecs_https,
    aws_vpc_security_group_egress_rule.ecs_to_rds,
    aws_vpc_security_group_ingress_rule.rds_from_ecs,
    aws_iam_role_policy_attachment.execution_managed,
    aws_iam_role_policy.execution_secrets,
    aws_iam_role_policy.task,
  ]
}

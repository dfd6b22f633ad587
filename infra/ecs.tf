resource "aws_ecs_cluster" "main" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }
}

locals {
  # Also the init hook's name for it (init.tf), which cannot refer to the
  # service: the service depends on the hook.
  service_name = var.name

  # The user the image declares (infra/image/Dockerfile). Set again here so
  # that ECS refuses to run the container as root even if an image forgot to.
  container_user = "10001:10001"

  # What the server writes (gunicorn's worker heartbeat files, proxied
  # artifact uploads on their way to S3, Python's and MLflow's temp files)
  # goes to this volume: the root filesystem is read-only. Fargate has no
  # tmpfs mounts; a bind-mount volume lives on the task's ephemeral storage
  # (20 GiB, encrypted) and disappears with the task.
  scratch_volume = "scratch"

  # The two artifact modes' flags, never mixed.
  artifact_flags = {
    proxied = ["--serve-artifacts", "--artifacts-destination", local.artifacts_destination]
    direct  = ["--no-serve-artifacts", "--default-artifact-root", local.artifacts_destination]
  }

  # `mlflow server` flags. The image's entrypoint (infra/image/entrypoint.py
  # serve) passes them on unchanged; the backend-store URI is not among them:
  # MLflow reads it from MLFLOW_BACKEND_STORE_URI, so it never appears on a
  # command line.
  server_flags = concat(
    [
      "--host", "0.0.0.0",
      "--port", tostring(local.container_port),
      "--workers", tostring(var.gunicorn_workers),
      # ECS sends SIGTERM, then SIGKILL after stopTimeout (60 s below);
      # gunicorn's graceful timeout ends in-flight requests before that.
      "--gunicorn-opts", "--timeout ${var.gunicorn_timeout_seconds} --graceful-timeout 50",
    ],
    local.auth_enabled ? ["--app-name", "basic-auth"] : [],
    local.artifact_flags[var.artifact_mode],
  )

  container_environment = concat(
    [
      { name = "AWS_DEFAULT_REGION", value = var.region },
      { name = "MLFLOW_BACKEND_STORE_URI", value = local.backend_store_uri },
      # The entrypoint refuses to start an image whose MLflow is another version.
      { name = "MLFLOW_DEPLOY_EXPECTED_VERSION", value = var.mlflow_version },
      { name = "MLFLOW_DEPLOY_DB_PASSWORD_REFRESH_SECONDS", value = tostring(var.db_password_refresh_seconds) },
      # MLflow's SQLAlchemy pools (read by mlflow.store.db.utils); Validate
      # checks that every task's workers together fit max_connections.
      { name = "MLFLOW_SQLALCHEMYSTORE_POOL_SIZE", value = tostring(var.mlflow_db_pool_size) },
      { name = "MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW", value = tostring(var.mlflow_db_max_overflow) },
      { name = "MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE", value = tostring(var.mlflow_db_pool_recycle_seconds) },
    ],
    var.db_password_refresh_seconds > 0 ? [{ name = "MLFLOW_DEPLOY_DB_SECRET_ARN", value = local.db_master_secret_arn }] : [],
    local.auth_enabled ? [
      { name = "MLFLOW_DEPLOY_AUTH_DATABASE", value = local.auth_database_name },
      { name = "MLFLOW_DEPLOY_AUTH_DEFAULT_PERMISSION", value = var.auth_default_permission },
    ] : [],
  )

  # No curl in the image; python is there. /health answers without
  # credentials, also with basic-auth on.
  health_check_command = "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:${local.container_port}/health', timeout=4).status == 200 else 1)"
}

resource "aws_ecs_task_definition" "mlflow" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = local.scratch_volume
  }

  container_definitions = jsonencode([
    {
      name      = local.container_name
      image     = local.mlflow_image
      essential = true
      user      = local.container_user

      # Container-level sizes equal to the task's: Fargate accepts it, and
      # the local emulator's RunTask requires them.
      cpu    = var.task_cpu
      memory = var.task_memory

      readonlyRootFilesystem = true
      mountPoints = [{
        sourceVolume  = local.scratch_volume
        containerPath = "/tmp"
        readOnly      = false
      }]

      linuxParameters = {
        # tini as PID 1: forwards SIGTERM to MLflow and reaps the password
        # refresher the entrypoint leaves beside it.
        initProcessEnabled = true
        capabilities       = { drop = ["ALL"] }
      }
      stopTimeout = 60

      # The image's entrypoint runs `serve` with these flags; the init task
      # (init.tf) overrides the command with ["init"].
      command = concat(["serve"], local.server_flags)

      portMappings = [{
        name          = "http"
        containerPort = local.container_port
        protocol      = "tcp"
      }]

      environment = local.container_environment
      secrets     = local.container_secrets

      healthCheck = {
        command     = ["CMD", "python", "-c", local.health_check_command]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.mlflow.name
          awslogs-region        = var.region
          awslogs-stream-prefix = local.container_name
        }
      }
    }
  ])

  # What the last deploy ran: the init hook reads this from the service's
  # current task definition to name the snapshot it takes before a migration.
  tags = {
    "mlflow-deploy:mlflow-version" = var.mlflow_version
  }

  # Validate and Plan stop here when the service at full scale could open
  # more connections than the database accepts (db_connections.tf).
  lifecycle {
    precondition {
      # An unknown class is refused by name by the connections alarm (alarms.tf).
      condition     = local.db_peak_connections <= coalesce(local.db_connection_budget, local.db_peak_connections)
      error_message = "MLflow could open ${local.db_peak_connections} database connections at full scale (autoscaling_max_capacity ${var.autoscaling_max_capacity} x 2 during a rollout x gunicorn_workers ${var.gunicorn_workers} x ${local.db_engines_per_worker} engines x (mlflow_db_pool_size ${var.mlflow_db_pool_size} + mlflow_db_max_overflow ${var.mlflow_db_max_overflow})), more than the ${coalesce(local.db_connection_budget, 0)} that ${var.db_instance_class} allows (90% of max_connections ${coalesce(local.db_max_connections, 0)}): lower one of these, or choose a larger db_instance_class."
    }
  }
}

resource "aws_ecs_service" "mlflow" {
  name             = local.service_name
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.mlflow.arn
  desired_count    = var.desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"
  propagate_tags   = "SERVICE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds

  # With only two AZs, tasks must move back once a failed AZ returns.
  availability_zone_rebalancing = "ENABLED"

  # Verify waits for the rollout with its own deadline and reports why it
  # failed; Terraform's wait would only time out.
  wait_for_steady_state = false

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.ecs.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.mlflow.arn
    container_name   = local.container_name
    container_port   = local.container_port
  }

  # Terraform sets the count when it creates the service; after that it is
  # autoscaling's, between desired_count (the scalable target's minimum, see
  # autoscaling.tf) and autoscaling_max_capacity. Without this every deploy
  # would scale back to desired_count and every scale-out would read as drift.
  # Apply records each deploy (commit, time, plan sha256, overrides) in the
  # mlflow-deploy:* tags for Status (DeployRecord), and the release history
  # Rollback reads (ReleaseHistory: this release, the previous one, a schema
  # migration since, and the init hook's pending mark); not configuration.
  lifecycle {
    ignore_changes = [
      desired_count,
      tags["mlflow-deploy:commit"],
      tags["mlflow-deploy:applied-at"],
      tags["mlflow-deploy:plan-sha256"],
      tags["mlflow-deploy:overrides"],
      tags["mlflow-deploy:release"],
      tags["mlflow-deploy:previous-release"],
      tags["mlflow-deploy:schema-migration"],
      tags["mlflow-deploy:pending-migration"],
    ]
  }

  # ECS refuses a target group that no listener uses yet; the roles must
  # keep their policies until the service is gone. The service rolls only
  # after the init task (init.tf) migrated the schema for the new task
  # definition: a failed migration leaves it on the old one.
  depends_on = [
    aws_lb_listener.http,
    aws_iam_role_policy_attachment.execution_managed,
    aws_iam_role_policy.execution_secrets,
    aws_iam_role_policy.task,
    terraform_data.mlflow_init,
  ]
}

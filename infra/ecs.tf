resource "aws_ecs_cluster" "main" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }
}

locals {
  # The official image has python but neither psycopg2 nor boto3, so the
  # start script installs extra_pip_packages before MLflow starts. That keeps
  # the pinned upstream image (no registry of our own to build, scan and
  # patch) at the price of a slower start and PyPI egress; a prebuilt image
  # plus extra_pip_packages = [] removes both.
  pip_install = length(var.extra_pip_packages) == 0 ? "" : "pip install --no-cache-dir --disable-pip-version-check --quiet ${join(" ", var.extra_pip_packages)}\n"

  # The URI arrives as an environment variable from Secrets Manager, so it
  # is expanded by the shell at start and never appears in the task
  # definition.
  start_script = <<-EOT
    set -eu
    ${local.pip_install}exec mlflow server \
      --host 0.0.0.0 \
      --port ${local.container_port} \
      --workers ${var.gunicorn_workers} \
      --backend-store-uri "$MLFLOW_BACKEND_STORE_URI" \
      --artifacts-destination "${local.artifacts_destination}" \
      --serve-artifacts
  EOT

  # No curl in the image; python is there.
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

  container_definitions = jsonencode([
    {
      name      = local.container_name
      image     = local.mlflow_image
      essential = true

      # Container-level sizes equal to the task's: Fargate accepts it, and
      # the local emulator's RunTask requires them.
      cpu    = var.task_cpu
      memory = var.task_memory

      entryPoint = ["sh", "-c"]
      command    = [local.start_script]

      portMappings = [{
        name          = "http"
        containerPort = local.container_port
        protocol      = "tcp"
      }]

      environment = [
        { name = "AWS_DEFAULT_REGION", value = var.region },
        # Changes whenever the secret is rewritten, which makes a new task
        # definition revision and so a rolling deployment that picks up the
        # new credentials (ECS resolves secrets only when a task starts).
        { name = "MLFLOW_DB_CREDENTIALS_VERSION", value = tostring(local.db_credentials_version) },
      ]

      secrets = [{
        name      = "MLFLOW_BACKEND_STORE_URI"
        valueFrom = "${aws_secretsmanager_secret.db.arn}:backend_store_uri::"
      }]

      healthCheck = {
        command     = ["CMD", "python", "-c", local.health_check_command]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 120
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

  # Tasks must not start before the secret holds the URI they read.
  depends_on = [aws_secretsmanager_secret_version.db]
}

resource "aws_ecs_service" "mlflow" {
  name             = var.name
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

  # Apply records each deploy (commit, time, plan sha256, overrides) in
  # these tags for Status (DeployRecord); they are not configuration.
  lifecycle {
    ignore_changes = [
      tags["mlflow-deploy:commit"],
      tags["mlflow-deploy:applied-at"],
      tags["mlflow-deploy:plan-sha256"],
      tags["mlflow-deploy:overrides"],
    ]
  }

  # ECS refuses a target group that no listener uses yet; the roles must
  # keep their policies until the service is gone.
  depends_on = [
    aws_lb_listener.http,
    aws_iam_role_policy_attachment.execution_managed,
    aws_iam_role_policy.execution_db_secret,
    aws_iam_role_policy.task_artifacts,
  ]
}

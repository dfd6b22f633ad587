# Both roles may be assumed only by ECS tasks of this account in this region
# (confused-deputy guard).
data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:*"]
    }
  }
}

# Both roles carry the permissions boundary infra/bootstrap makes for this
# stack: the deploy role may create a role only with it, and cannot remove it,
# so a role made here can never do more than an MLflow task needs.
locals {
  ecs_role_boundary_arn = "arn:${local.partition}:iam::${local.account_id}:policy/${var.name}-ecs-role-boundary"
}

# Execution role: used by the ECS agent to pull the image, write logs and
# resolve the task definition's secrets; never by MLflow itself.
resource "aws_iam_role" "execution" {
  name                 = "${var.name}-ecs-execution"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks_assume.json
  permissions_boundary = local.ecs_role_boundary_arn
}

resource "aws_iam_role_policy_attachment" "execution_managed" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# The execution role resolves the task definition's `secrets` when a task
# starts: it may read exactly the secrets the container injects (the
# RDS-managed DB secret, and with basic-auth the three auth secrets), nothing
# else. The DB secret is encrypted with the AWS-managed aws/secretsmanager
# key, whose key policy already lets the account's principals decrypt
# through Secrets Manager, so no KMS statement is needed.
data "aws_iam_policy_document" "execution_secrets" {
  statement {
    sid       = "ReadInjectedSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.injected_secret_arns
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "read-injected-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets.json
}

# Task role: what the MLflow server itself may do.
resource "aws_iam_role" "task" {
  name                 = "${var.name}-ecs-task"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks_assume.json
  permissions_boundary = local.ecs_role_boundary_arn
}

locals {
  # Proxied artifacts go through the server; in direct mode clients reach S3
  # themselves and the server needs no S3 access at all.
  task_reads_artifacts = var.artifact_mode == "proxied"
  # The password refresher (entrypoint.py) re-reads the rotating DB secret.
  task_reads_db_secret = var.db_password_refresh_seconds > 0
}

data "aws_iam_policy_document" "task" {
  dynamic "statement" {
    for_each = local.task_reads_artifacts ? [1] : []
    content {
      sid       = "ListArtifactPrefix"
      actions   = ["s3:ListBucket"]
      resources = [local.artifact_bucket_arn]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = [var.artifact_prefix, "${var.artifact_prefix}/*"]
      }
    }
  }

  dynamic "statement" {
    for_each = local.task_reads_artifacts ? [1] : []
    content {
      sid = "ReadWriteArtifacts"
      actions = [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
      ]
      resources = ["${local.artifact_bucket_arn}/${var.artifact_prefix}/*"]
    }
  }

  dynamic "statement" {
    for_each = local.task_reads_db_secret ? [1] : []
    content {
      sid       = "RefreshRotatedDbPassword"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [local.db_master_secret_arn]
    }
  }
}

resource "aws_iam_role_policy" "task" {
  count = local.task_reads_artifacts || local.task_reads_db_secret ? 1 : 0

  name   = "mlflow-server"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

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

data "aws_iam_policy_document" "execution_db_secret" {
  statement {
    sid       = "ReadDbCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.db.arn]
  }
}

resource "aws_iam_role_policy" "execution_db_secret" {
  name   = "read-db-credentials"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_db_secret.json
}

# Task role: what the MLflow server may do. Only the artifact prefix.
resource "aws_iam_role" "task" {
  name                 = "${var.name}-ecs-task"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks_assume.json
  permissions_boundary = local.ecs_role_boundary_arn
}

data "aws_iam_policy_document" "task_artifacts" {
  statement {
    sid       = "ListArtifactPrefix"
    actions   = ["s3:ListBucket"]
    resources = [local.artifact_bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [var.artifact_prefix, "${var.artifact_prefix}/*"]
    }
  }

  statement {
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

resource "aws_iam_role_policy" "task_artifacts" {
  name   = "mlflow-artifacts"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task_artifacts.json
}

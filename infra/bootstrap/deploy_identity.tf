# The deploy role creates the stack's two ECS roles (execution and task; infra/iam.tf), so it holds IAM rights. It
# cannot use them to escalate: every role it creates, and every policy it puts on one, must carry the permissions
# boundary below, which caps a role at what an MLflow task needs; it can neither remove nor change that boundary,
# and it may not assume any role at all, so a role that trusts it is useless to it. (README: why a boundary rather
# than roles made here.)
locals {
  ecs_role_boundary_arn = { for env, e in var.environments : env => "arn:${local.partition}:iam::${local.account_id}:policy/${e.stack_name}-ecs-role-boundary" }
  execution_managed_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"

  deploy_identity = {
    for env, e in var.environments : env => [
      {
        Sid       = "StackRolesWithinTheBoundary"
        Effect    = "Allow"
        Action    = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy"]
        Resource  = local.arn[env].role
        Condition = { StringEquals = { "iam:PermissionsBoundary" = local.ecs_role_boundary_arn[env] } }
      },
      {
        Sid      = "StackRolesExecutionPolicy"
        Effect   = "Allow"
        Action   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
        Resource = local.arn[env].role
        Condition = {
          StringEquals = { "iam:PermissionsBoundary" = local.ecs_role_boundary_arn[env] }
          ArnEquals    = { "iam:PolicyARN" = local.execution_managed_arn }
        }
      },
      {
        Sid      = "StackRoles"
        Effect   = "Allow"
        Action   = ["iam:GetRole", "iam:TagRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:DeleteRole"]
        Resource = local.arn[env].role
      },
      {
        Sid       = "PassStackRolesToEcsTasksOnly"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = local.arn[env].role
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
      {
        Sid       = "NoRoleWithoutTheBoundary"
        Effect    = "Deny"
        Action    = ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"]
        Resource  = "*"
        Condition = { StringNotEquals = { "iam:PermissionsBoundary" = local.ecs_role_boundary_arn[env] } }
      },
      {
        Sid      = "KeepTheBoundary"
        Effect   = "Deny"
        Action   = ["iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"]
        Resource = "*"
      },
      {
        Sid      = "NoRoleChaining"
        Effect   = "Deny"
        Action   = "sts:AssumeRole"
        Resource = "*"
      },
    ]
  }
}

# The most any role made by the deploy role may do: pull the image, write its logs, read its secrets and its
# artifacts. The stack's own role policies grant less (iam.tf); this is the ceiling, not the grant.
resource "aws_iam_policy" "ecs_role_boundary" {
  for_each = var.environments

  name        = "${each.value.stack_name}-ecs-role-boundary"
  description = "Permissions boundary of every role the ${each.key} deploy role creates (the stack's ECS execution and task roles)"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "RegistryToken"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Sid      = "PullTheImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
        Resource = aws_ecr_repository.image.arn
      },
      {
        Sid      = "WriteTheStackLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${local.arn[each.key].logs}:/ecs/${each.value.stack_name}:*"
      },
      {
        # The stack's own secrets, and the database secret RDS manages for it (named rds!db-<id>).
        Sid      = "ReadTheStackSecrets"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = ["${local.arn[each.key].secret}:${each.value.stack_name}-*", "${local.arn[each.key].secret}:rds!db-*"]
      },
      {
        Sid      = "ListTheArtifacts"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = "arn:${local.partition}:s3:::${each.value.stack_name}-artifacts-*"
      },
      {
        Sid      = "ReadAndWriteTheArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
        Resource = "arn:${local.partition}:s3:::${each.value.stack_name}-artifacts-*/*"
      },
    ]
  })
}

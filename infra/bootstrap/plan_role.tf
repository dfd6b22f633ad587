# One read-only role per environment, for plans (PRs, deploy.yml, the nightly drift check) and Verify.
# It reads the stack's services and the environment's state, and writes only the state lock file that
# `use_lockfile` needs. It cannot read secret values, artifact objects, or another environment's state.
resource "aws_iam_role" "plan" {
  for_each = var.environments

  name                 = "${each.value.stack_name}-github-plan"
  description          = "GitHub Actions (${var.github_repository}): read-only plan and verify of ${each.key}"
  assume_role_policy   = local.github_trust["plan-${each.key}"]
  max_session_duration = var.max_session_hours * 3600
}

resource "aws_iam_role_policy" "plan" {
  for_each = var.environments

  name = "read-${each.key}"
  role = aws_iam_role.plan[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.state_access[each.key].read, [
      {
        Sid    = "DescribeTheStack"
        Effect = "Allow"
        Action = [
          "ec2:Describe*",
          "ecs:Describe*",
          "ecs:List*",
          "elasticloadbalancing:Describe*",
          "rds:Describe*",
          "rds:ListTagsForResource",
          "logs:Describe*",
          "logs:ListTagsForResource",
          "logs:ListTagsLogGroup",
          "logs:FilterLogEvents",
          "logs:GetLogEvents",
          "application-autoscaling:Describe*",
          "application-autoscaling:ListTagsForResource",
          "secretsmanager:DescribeSecret",
          "secretsmanager:GetResourcePolicy",
          "secretsmanager:ListSecrets",
          "secretsmanager:ListSecretVersionIds",
          # Opened by the stack's ephemeral password resource at plan time; returns a random string only.
          "secretsmanager:GetRandomPassword",
          "iam:GetRole",
          "iam:GetRolePolicy",
          "iam:ListRolePolicies",
          "iam:ListAttachedRolePolicies",
          "iam:GetPolicy",
          "iam:GetPolicyVersion",
          "sts:GetCallerIdentity",
        ]
        Resource = "*"
      },
      {
        # Bucket-level reads of the artifact bucket (configuration, listing); no object reads.
        Sid      = "ReadArtifactBucketConfiguration"
        Effect   = "Allow"
        Action   = ["s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration", "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration", "s3:ListBucket", "s3:ListBucketVersions"]
        Resource = "arn:${local.partition}:s3:::${each.value.stack_name}-artifacts-*"
      },
    ])
  })
}

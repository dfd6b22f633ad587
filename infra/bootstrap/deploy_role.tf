# One deploy role per environment, assumable only by a job that runs in that GitHub environment (so after
# its required reviewers approve). Its rights follow what infra/ creates, scoped to the environment's stack
# name wherever the service allows resource-level permissions, and to the configured region.
locals {
  deploy_statements = {
    for env, e in var.environments : env => concat(
      local.state_access[env].read,
      local.state_access[env].write,
      [
        {
          # EC2 networking (VPC, subnets, gateways, routes, EIP, security groups) has no name-based ARNs.
          Sid    = "Network"
          Effect = "Allow"
          Action = [
            "ec2:Describe*",
            "ec2:CreateTags",
            "ec2:DeleteTags",
            "ec2:*Vpc",
            "ec2:ModifyVpcAttribute",
            "ec2:*Subnet",
            "ec2:ModifySubnetAttribute",
            "ec2:*InternetGateway",
            "ec2:*NatGateway",
            "ec2:AllocateAddress",
            "ec2:ReleaseAddress",
            "ec2:DisassociateAddress",
            "ec2:*RouteTable",
            "ec2:*Route",
            "ec2:*SecurityGroup",
            "ec2:*SecurityGroupIngress",
            "ec2:*SecurityGroupEgress",
            "ec2:ModifySecurityGroupRules",
            "ec2:UpdateSecurityGroupRuleDescriptions*",
          ]
          Resource  = "*"
          Condition = { StringEquals = { "aws:RequestedRegion" = var.region } }
        },
        {
          # Actions without resource-level permissions; the cluster and service are scoped below.
          Sid      = "EcsTaskDefinitions"
          Effect   = "Allow"
          Action   = ["ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:Describe*", "ecs:List*"]
          Resource = "*"
        },
        {
          Sid    = "EcsClusterAndService"
          Effect = "Allow"
          Action = ["ecs:*"]
          Resource = [
            "arn:${local.partition}:ecs:${var.region}:${local.account_id}:cluster/${e.stack_name}",
            "arn:${local.partition}:ecs:${var.region}:${local.account_id}:service/${e.stack_name}/*",
            "arn:${local.partition}:ecs:${var.region}:${local.account_id}:task-definition/${e.stack_name}:*",
            "arn:${local.partition}:ecs:${var.region}:${local.account_id}:task/${e.stack_name}/*",
          ]
        },
        {
          Sid      = "LoadBalancerReads"
          Effect   = "Allow"
          Action   = ["elasticloadbalancing:Describe*"]
          Resource = "*"
        },
        {
          Sid    = "LoadBalancer"
          Effect = "Allow"
          Action = ["elasticloadbalancing:*"]
          Resource = [
            "arn:${local.partition}:elasticloadbalancing:${var.region}:${local.account_id}:loadbalancer/app/${e.stack_name}/*",
            "arn:${local.partition}:elasticloadbalancing:${var.region}:${local.account_id}:listener/app/${e.stack_name}/*",
            "arn:${local.partition}:elasticloadbalancing:${var.region}:${local.account_id}:listener-rule/app/${e.stack_name}/*",
            "arn:${local.partition}:elasticloadbalancing:${var.region}:${local.account_id}:targetgroup/${e.stack_name}-*",
          ]
        },
        {
          Sid      = "DatabaseReads"
          Effect   = "Allow"
          Action   = ["rds:Describe*", "rds:ListTagsForResource"]
          Resource = "*"
        },
        {
          # The instance, its subnet and parameter groups, and the final snapshot taken on destroy.
          Sid    = "Database"
          Effect = "Allow"
          Action = ["rds:*"]
          Resource = [
            "arn:${local.partition}:rds:${var.region}:${local.account_id}:db:${e.stack_name}-db",
            "arn:${local.partition}:rds:${var.region}:${local.account_id}:subgrp:${e.stack_name}-db",
            "arn:${local.partition}:rds:${var.region}:${local.account_id}:pg:${e.stack_name}-*",
            "arn:${local.partition}:rds:${var.region}:${local.account_id}:snapshot:${e.stack_name}-db-final-*",
            # CreateDBInstance also authorises against the engine's default option group.
            "arn:${local.partition}:rds:${var.region}:${local.account_id}:og:default:*",
          ]
        },
        {
          Sid      = "DatabaseCredentials"
          Effect   = "Allow"
          Action   = ["secretsmanager:*"]
          Resource = "arn:${local.partition}:secretsmanager:${var.region}:${local.account_id}:secret:${e.stack_name}-db-credentials-*"
        },
        {
          Sid      = "SecretsReads"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetRandomPassword", "secretsmanager:ListSecrets"]
          Resource = "*"
        },
        {
          Sid      = "Logs"
          Effect   = "Allow"
          Action   = ["logs:*"]
          Resource = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/ecs/${e.stack_name}", "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/ecs/${e.stack_name}:*"]
        },
        {
          Sid      = "LogsReads"
          Effect   = "Allow"
          Action   = ["logs:DescribeLogGroups"]
          Resource = "*"
        },
        {
          Sid      = "Autoscaling"
          Effect   = "Allow"
          Action   = ["application-autoscaling:*"]
          Resource = "*"
        },
        {
          # Target-tracking policies create and delete their CloudWatch alarms with the caller's rights.
          Sid      = "ScalingAlarms"
          Effect   = "Allow"
          Action   = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"]
          Resource = "arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:TargetTracking-service/${e.stack_name}/*"
        },
        {
          Sid      = "AlarmReads"
          Effect   = "Allow"
          Action   = ["cloudwatch:DescribeAlarms"]
          Resource = "*"
        },
        {
          # The ECS execution and task roles; inline and managed policies on those two only.
          Sid      = "StackRoles"
          Effect   = "Allow"
          Action   = ["iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags", "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"]
          Resource = "arn:${local.partition}:iam::${local.account_id}:role/${e.stack_name}-ecs-*"
        },
        {
          Sid       = "StackRolesManagedPolicy"
          Effect    = "Allow"
          Action    = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
          Resource  = "arn:${local.partition}:iam::${local.account_id}:role/${e.stack_name}-ecs-*"
          Condition = { ArnEquals = { "iam:PolicyARN" = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" } }
        },
        {
          Sid       = "PassStackRolesToEcsOnly"
          Effect    = "Allow"
          Action    = "iam:PassRole"
          Resource  = "arn:${local.partition}:iam::${local.account_id}:role/${e.stack_name}-ecs-*"
          Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
        },
        {
          Sid      = "ManagedPolicyReads"
          Effect   = "Allow"
          Action   = ["iam:GetPolicy", "iam:GetPolicyVersion"]
          Resource = "*"
        },
        {
          # First use of ECS, ELB, RDS or autoscaling in an account creates their service-linked roles.
          Sid      = "ServiceLinkedRoles"
          Effect   = "Allow"
          Action   = "iam:CreateServiceLinkedRole"
          Resource = "*"
          Condition = {
            StringEquals = {
              "iam:AWSServiceName" = [
                "ecs.amazonaws.com",
                "elasticloadbalancing.amazonaws.com",
                "rds.amazonaws.com",
                "ecs.application-autoscaling.amazonaws.com",
              ]
            }
          }
        },
        {
          # The artifact bucket's configuration; objects only so far as a force_destroy empties the bucket.
          Sid      = "ArtifactBucket"
          Effect   = "Allow"
          Action   = ["s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucket*", "s3:PutBucket*", "s3:DeleteBucketPolicy", "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration"]
          Resource = "arn:${local.partition}:s3:::${e.stack_name}-artifacts-*"
        },
        {
          Sid      = "EmptyArtifactBucketOnForceDestroy"
          Effect   = "Allow"
          Action   = ["s3:DeleteObject", "s3:DeleteObjectVersion"]
          Resource = "arn:${local.partition}:s3:::${e.stack_name}-artifacts-*/*"
        },
      ],
    )
  }
}

resource "aws_iam_role" "deploy" {
  for_each = var.environments

  name                 = "${each.value.stack_name}-github-deploy"
  description          = "GitHub Actions (${var.github_repository}): apply and destroy ${each.key}, from the ${each.key} environment only"
  assume_role_policy   = local.github_trust["deploy-${each.key}"]
  max_session_duration = var.max_session_hours * 3600
}

resource "aws_iam_role_policy" "deploy" {
  for_each = var.environments

  name   = "deploy-${each.key}"
  role   = aws_iam_role.deploy[each.key].id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.deploy_statements[each.key] })
}

# One read-only role per environment, for Validate, Plan and Verify: pull requests' plans, the deploy workflow's
# plans and its Verify after the apply, and the nightly check. It reads the stack and its own environment's state,
# and writes nothing: not the state, not the state lock (its plans run with -lock=false), not an artifact object.
# It reads one secret value: the verification user's, which Verify signs in with (never the database password).
# Every action is one the least-privilege rehearsal saw Validate, Plan or Verify call (PERMISSIONS.md), except the
# few in plan_unrehearsed below, each with its reason.
resource "aws_iam_role" "plan" {
  for_each = var.environments

  name                 = "${each.value.stack_name}-github-plan"
  description          = "GitHub Actions (${var.github_repository}): read-only validate, plan and verify of ${each.key}"
  assume_role_policy   = local.github_trust["plan-${each.key}"]
  max_session_duration = var.max_session_hours * 3600
}

locals {
  plan_read = {
    for env, e in var.environments : env => concat(local.state_access[env].read, [
      {
        Sid    = "DescribeTheStack"
        Effect = "Allow"
        Action = [
          "ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute", "ec2:DescribeAvailabilityZones", "ec2:DescribeFlowLogs",
          "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways", "ec2:DescribeNetworkAcls", "ec2:DescribeRouteTables",
          "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcAttribute", "ec2:DescribeVpcs",
          "ecs:DescribeTaskDefinition", "ecs:ListTasks",
          "elasticloadbalancing:DescribeCapacityReservation", "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
          "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies", "application-autoscaling:ListTagsForResource",
          "logs:DescribeLogGroups", "rds:DescribeDBInstances",
        ]
        Resource = "*"
      },
      {
        Sid      = "DescribeTheService"
        Effect   = "Allow"
        Action   = ["ecs:DescribeClusters", "ecs:DescribeServices", "ecs:DescribeTasks"]
        Resource = ["${local.arn[env].ecs}:cluster/${e.stack_name}", "${local.arn[env].ecs}:service/${e.stack_name}/*", "${local.arn[env].ecs}:task/${e.stack_name}/*"]
      },
      {
        Sid      = "DescribeTheDatabase"
        Effect   = "Allow"
        Action   = ["rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:DescribeDBSubnetGroups", "rds:ListTagsForResource"]
        Resource = ["${local.arn[env].rds}:db:${e.stack_name}-db", "${local.arn[env].rds}:subgrp:${e.stack_name}-db", "${local.arn[env].rds}:pg:${e.stack_name}-*"]
      },
      {
        Sid      = "ReadTheLogs"
        Effect   = "Allow"
        Action   = ["logs:ListTagsForResource", "logs:FilterLogEvents"]
        Resource = ["${local.arn[env].logs}:/ecs/${e.stack_name}", "${local.arn[env].logs}:/ecs/${e.stack_name}:*", "${local.arn[env].logs}:/aws/rds/instance/${e.stack_name}-db/*"]
      },
      {
        Sid      = "DescribeTheWebFirewall"
        Effect   = "Allow"
        Action   = ["wafv2:GetWebACL", "wafv2:ListTagsForResource", "wafv2:GetWebACLForResource"]
        Resource = ["${local.arn[env].waf}/webacl/${e.stack_name}/*", "${local.arn[env].elb}:loadbalancer/app/${e.stack_name}/*"]
      },
      {
        Sid      = "DescribeTheStackRoles"
        Effect   = "Allow"
        Action   = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"]
        Resource = local.arn[env].role
      },
      {
        # Metadata only: which secrets exist and their resource policy. No value, except the verifier's (below).
        Sid      = "DescribeTheStackSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"]
        Resource = "${local.arn[env].secret}:${e.stack_name}-*"
      },
      {
        Sid      = "TheHttpsCertificate"
        Effect   = "Allow"
        Action   = "acm:DescribeCertificate"
        Resource = "arn:${local.partition}:acm:${var.region}:${local.account_id}:certificate/*"
      },
      {
        # Bucket configuration of the artifact and log buckets; no object.
        Sid    = "DescribeTheStackBuckets"
        Effect = "Allow"
        Action = [
          "s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketTagging", "s3:GetBucketPolicy",
          "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketLogging", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketWebsite",
          "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration", "s3:GetBucketOwnershipControls", "s3:GetBucketPublicAccessBlock",
          "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration",
        ]
        Resource = local.arn[env].buckets
      },
    ])
  }

  # What Validate and Verify need in an account that the rehearsal cannot show them calling; PERMISSIONS.md says why.
  plan_unrehearsed = {
    for env, e in var.environments : env => concat([
      {
        # Validate's engine-version and instance-class checks; the emulator has neither call, so they are skipped there.
        Sid      = "DatabaseOfferings"
        Effect   = "Allow"
        Action   = ["rds:DescribeDBEngineVersions", "rds:DescribeOrderableDBInstanceOptions"]
        Resource = "*"
      },
      {
        # Validate's state-bucket check (region and versioning); the emulated environments keep no backend file.
        Sid      = "CheckTheStateBucket"
        Effect   = "Allow"
        Action   = ["s3:GetBucketLocation", "s3:GetBucketVersioning"]
        Resource = local.state_bucket_arn
      },
      {
        # A certificate the stack requested in ACM (route53_zone_id without certificate_arn); the rehearsal imports one.
        Sid      = "TheRequestedCertificate"
        Effect   = "Allow"
        Action   = "acm:ListTagsForCertificate"
        Resource = "arn:${local.partition}:acm:${var.region}:${local.account_id}:certificate/*"
      },
      {
        # Refreshing the alarms' e-mail subscription (alarm_email); no rehearsal stack sets one.
        Sid      = "ReadTheAlarmEmail"
        Effect   = "Allow"
        Action   = "sns:GetSubscriptionAttributes"
        Resource = "arn:${local.partition}:sns:${var.region}:${local.account_id}:${e.stack_name}-alarms:*"
      },
      {
        # The workflows' image step (.github/actions/image-digest), not a stage: a pull request's and the nightly's
        # plan pin the digest main's deploy pushed for the same inputs. Metadata only; no layer, no push.
        Sid      = "TheImageDigest"
        Effect   = "Allow"
        Action   = "ecr:DescribeImages"
        Resource = aws_ecr_repository.image.arn
      },
      {
        # Verify signs in to MLflow as the verification user (basic auth, secrets-image); no other secret value.
        Sid      = "TheVerifierSecret"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = "${local.arn[env].secret}:${e.stack_name}-verifier-*"
      },
      ], [for zone in compact([e.route53_zone_id]) : {
        # The validation and alias records in the environment's own hosted zone; no rehearsal stack has one.
        Sid      = "TheHostedZone"
        Effect   = "Allow"
        Action   = ["route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ListTagsForResource"]
        Resource = "arn:${local.partition}:route53:::hostedzone/${zone}"
      }]
    )
  }
}

resource "aws_iam_policy" "plan" {
  for_each = {
    for pair in setproduct(keys(var.environments), ["read", "operations", "unrehearsed"]) : "${pair[0]}/${pair[1]}" => { env = pair[0], part = pair[1] }
  }

  name        = "${var.environments[each.value.env].stack_name}-github-plan-${each.value.part}"
  description = "Plan role of ${each.value.env}: ${each.value.part} (infra/bootstrap/PERMISSIONS.md)"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = { read = local.plan_read, operations = local.plan_operations, unrehearsed = local.plan_unrehearsed }[each.value.part][each.value.env]
  })
}

resource "aws_iam_role_policy_attachment" "plan" {
  for_each = aws_iam_policy.plan

  role       = aws_iam_role.plan[split("/", each.key)[0]].name
  policy_arn = each.value.arn
}

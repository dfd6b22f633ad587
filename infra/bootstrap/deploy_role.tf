# One deploy role per environment, assumable only by deploy.yml and destroy.yml on main, in the environment's own
# job (so after its required reviewers approve). It may call exactly the actions the least-privilege rehearsal saw
# Apply and Destroy call (PERMISSIONS.md lists each with its stage), plus the few that the rehearsal cannot exercise,
# each with its reason (deploy_unrehearsed.tf; listed in PERMISSIONS.md too). Every statement is scoped to the environment's stack: by ARN where the
# resource has a name, by the Stack tag (aws:RequestTag on create, aws:ResourceTag after) where it has only an id,
# and to "*" only where AWS itself authorises against "*".
locals {
  arn = { for env, e in var.environments : env => {
    ec2     = "arn:${local.partition}:ec2:${var.region}:${local.account_id}"
    ecs     = "arn:${local.partition}:ecs:${var.region}:${local.account_id}"
    elb     = "arn:${local.partition}:elasticloadbalancing:${var.region}:${local.account_id}"
    rds     = "arn:${local.partition}:rds:${var.region}:${local.account_id}"
    logs    = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group"
    secret  = "arn:${local.partition}:secretsmanager:${var.region}:${local.account_id}:secret"
    waf     = "arn:${local.partition}:wafv2:${var.region}:${local.account_id}:regional"
    role    = "arn:${local.partition}:iam::${local.account_id}:role/${e.stack_name}-ecs-*"
    buckets = ["arn:${local.partition}:s3:::${e.stack_name}-artifacts-*", "arn:${local.partition}:s3:::${e.stack_name}-logs-*"]
  } }

  # The EC2 creates and the type of what each makes: AWS authorises the new resource as "<type>/*" with the tags of
  # the request, so a create is allowed only when it carries the stack's Stack tag.
  ec2_creates = [
    ["CreateVpc", "vpc"], ["CreateSubnet", "subnet"], ["CreateSecurityGroup", "security-group"],
    ["CreateRouteTable", "route-table"], ["CreateInternetGateway", "internet-gateway"], ["CreateNatGateway", "natgateway"],
    ["AllocateAddress", "elastic-ip"], ["CreateFlowLogs", "vpc-flow-log"],
    ["AuthorizeSecurityGroupIngress", "security-group-rule"], ["AuthorizeSecurityGroupEgress", "security-group-rule"],
  ]
  ec2_stack_types = ["vpc", "subnet", "security-group", "security-group-rule", "route-table", "internet-gateway", "natgateway", "elastic-ip", "vpc-flow-log"]

  deploy_network = {
    for env, e in var.environments : env => concat(
      [
        {
          Sid    = "NetworkReads"
          Effect = "Allow"
          Action = [
            "ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute", "ec2:DescribeAvailabilityZones", "ec2:DescribeFlowLogs",
            "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways", "ec2:DescribeNetworkAcls", "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets",
            "ec2:DescribeVpcAttribute", "ec2:DescribeVpcs",
          ]
          Resource = "*"
        },
      ],
      [
        for create in local.ec2_creates : {
          Sid       = "NetworkCreateTagged${create[0]}"
          Effect    = "Allow"
          Action    = "ec2:${create[0]}"
          Resource  = "${local.arn[env].ec2}:${create[1]}/*"
          Condition = { StringEquals = { "aws:RequestTag/Stack" = e.stack_name } }
        }
      ],
      [
        {
          # Everything that acts on what the stack already has, the parents a create names included.
          Sid    = "NetworkChangeTagged"
          Effect = "Allow"
          Action = [
            "ec2:CreateSubnet", "ec2:CreateSecurityGroup", "ec2:CreateRouteTable", "ec2:CreateNatGateway", "ec2:CreateFlowLogs",
            "ec2:ModifyVpcAttribute", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
            "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:CreateRoute", "ec2:DeleteRoute",
            "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
            "ec2:DisassociateAddress", "ec2:ReleaseAddress", "ec2:DeleteFlowLogs", "ec2:DeleteNatGateway", "ec2:DeleteInternetGateway",
            "ec2:DeleteRouteTable", "ec2:DeleteSecurityGroup", "ec2:DeleteSubnet", "ec2:DeleteVpc",
          ]
          Resource  = [for type in local.ec2_stack_types : "${local.arn[env].ec2}:${type}/*"]
          Condition = { StringEquals = { "aws:ResourceTag/Stack" = e.stack_name } }
        },
        {
          # Tags only as part of a create above; no tag of an existing resource can be changed.
          Sid       = "NetworkTagOnCreate"
          Effect    = "Allow"
          Action    = "ec2:CreateTags"
          Resource  = [for type in local.ec2_stack_types : "${local.arn[env].ec2}:${type}/*"]
          Condition = { StringEquals = { "ec2:CreateAction" = distinct([for create in local.ec2_creates : create[0]]) } }
        },
      ],
    )
  }

  deploy_service = {
    for env, e in var.environments : env => [
      {
        # AWS authorises these against "*"; a new cluster and task definition must carry the stack's tag.
        Sid       = "EcsCreateTagged"
        Effect    = "Allow"
        Action    = ["ecs:CreateCluster", "ecs:RegisterTaskDefinition"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestTag/Stack" = e.stack_name } }
      },
      {
        Sid      = "EcsTaskDefinitions"
        Effect   = "Allow"
        Action   = ["ecs:DescribeTaskDefinition", "ecs:DeregisterTaskDefinition"]
        Resource = "*"
      },
      {
        Sid      = "EcsClusterAndService"
        Effect   = "Allow"
        Action   = ["ecs:DescribeClusters", "ecs:DeleteCluster", "ecs:CreateService", "ecs:DescribeServices", "ecs:UpdateService", "ecs:DeleteService"]
        Resource = ["${local.arn[env].ecs}:cluster/${e.stack_name}", "${local.arn[env].ecs}:service/${e.stack_name}/*"]
      },
      {
        Sid    = "LoadBalancerReads"
        Effect = "Allow"
        Action = [
          "elasticloadbalancing:DescribeCapacityReservation", "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags",
          "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetGroups",
        ]
        Resource = "*"
      },
      {
        Sid    = "LoadBalancer"
        Effect = "Allow"
        Action = [
          "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:AddTags",
        ]
        Resource = [
          "${local.arn[env].elb}:loadbalancer/app/${e.stack_name}/*",
          "${local.arn[env].elb}:listener/app/${e.stack_name}/*",
          "${local.arn[env].elb}:targetgroup/${e.stack_name}-*",
        ]
      },
      {
        # The emulator cannot derive these resources; the ARNs follow AWS's documented resource types.
        Sid    = "WebFirewall"
        Effect = "Allow"
        Action = [
          "wafv2:CreateWebACL", "wafv2:GetWebACL", "wafv2:ListTagsForResource", "wafv2:DeleteWebACL",
          "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "wafv2:GetWebACLForResource",
        ]
        Resource = [
          "${local.arn[env].waf}/webacl/${e.stack_name}/*",
          "${local.arn[env].waf}/managedruleset/*/*",
          "${local.arn[env].elb}:loadbalancer/app/${e.stack_name}/*",
        ]
      },
      {
        Sid    = "Autoscaling"
        Effect = "Allow"
        Action = [
          "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies", "application-autoscaling:ListTagsForResource",
          "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DeregisterScalableTarget",
        ]
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestedRegion" = var.region } }
      },
      {
        Sid       = "AutoscalingRegisterTagged"
        Effect    = "Allow"
        Action    = "application-autoscaling:RegisterScalableTarget"
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestTag/Stack" = e.stack_name, "aws:RequestedRegion" = var.region } }
      },
      {
        # A change of capacity registers the stack's existing target again, without tags: it is known by its own.
        Sid       = "AutoscalingUpdateTagged"
        Effect    = "Allow"
        Action    = "application-autoscaling:RegisterScalableTarget"
        Resource  = "*"
        Condition = { StringEquals = { "aws:ResourceTag/Stack" = e.stack_name, "aws:RequestedRegion" = var.region } }
      },
      {
        # Target-tracking policies create and delete their CloudWatch alarms with the caller's rights.
        Sid      = "ScalingAlarms"
        Effect   = "Allow"
        Action   = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"]
        Resource = "arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:TargetTracking-service/${e.stack_name}/*"
      },
      {
        Sid      = "LogGroupReads"
        Effect   = "Allow"
        Action   = "logs:DescribeLogGroups"
        Resource = "*"
      },
      {
        Sid      = "LogGroups"
        Effect   = "Allow"
        Action   = ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:ListTagsForResource", "logs:DeleteLogGroup"]
        Resource = ["${local.arn[env].logs}:/ecs/${e.stack_name}", "${local.arn[env].logs}:/ecs/${e.stack_name}:*", "${local.arn[env].logs}:/aws/rds/instance/${e.stack_name}-db/*"]
      },
    ]
  }

  deploy_data = {
    for env, e in var.environments : env => concat(
      local.state_access[env].read,
      local.state_access[env].write,
      [
        {
          # The instance, its subnet and parameter groups; CreateDBInstance also authorises the engine's default option group.
          Sid    = "Database"
          Effect = "Allow"
          Action = [
            "rds:CreateDBSubnetGroup", "rds:DescribeDBSubnetGroups", "rds:DeleteDBSubnetGroup",
            "rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup", "rds:DescribeDBParameterGroups", "rds:DescribeDBParameters", "rds:DeleteDBParameterGroup",
            "rds:CreateDBInstance", "rds:DeleteDBInstance", "rds:AddTagsToResource", "rds:ListTagsForResource",
          ]
          Resource = [
            "${local.arn[env].rds}:db:${e.stack_name}-db",
            "${local.arn[env].rds}:subgrp:${e.stack_name}-db",
            "${local.arn[env].rds}:pg:${e.stack_name}-*",
            "${local.arn[env].rds}:og:default:postgres-*",
          ]
        },
        {
          # The provider's waiters find the instance by a filter, not by name: AWS authorises that against "*".
          Sid      = "DatabaseReads"
          Effect   = "Allow"
          Action   = "rds:DescribeDBInstances"
          Resource = "*"
        },
        {
          Sid      = "StackSecrets"
          Effect   = "Allow"
          Action   = ["secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:DeleteSecret"]
          Resource = "${local.arn[env].secret}:${e.stack_name}-*"
        },
        {
          # The artifact and log buckets' configuration; no object is read or written.
          Sid    = "StackBuckets"
          Effect = "Allow"
          Action = [
            "s3:CreateBucket", "s3:ListBucket", "s3:DeleteBucket", "s3:PutBucketTagging", "s3:GetBucketTagging",
            "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketLogging", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketWebsite",
            "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration",
            "s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls", "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock",
            "s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning", "s3:GetBucketVersioning",
            "s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration",
          ]
          Resource = local.arn[env].buckets
        },
        {
          # A final snapshot outlives the stack; neither it nor any other may be deleted with this role.
          Sid      = "KeepSnapshots"
          Effect   = "Deny"
          Action   = ["rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot"]
          Resource = "*"
        },
      ],
    )
  }
}

locals {
  # What the init hook (infra/init.tf, build/MlflowDeploy/InitTask) does with the deploy
  # role's session while terraform applies: seed the auth secrets, run the one-shot init task and read its log. (Its
  # snapshot before a version change is in deploy_unrehearsed.tf.)
  deploy_release = {
    for env, e in var.environments : env => [
      {
        # Only the stack's own task definitions, only in the stack's cluster.
        Sid       = "InitTaskRun"
        Effect    = "Allow"
        Action    = "ecs:RunTask"
        Resource  = "${local.arn[env].ecs}:task-definition/${e.stack_name}:*"
        Condition = { ArnEquals = { "ecs:cluster" = "${local.arn[env].ecs}:cluster/${e.stack_name}" } }
      },
      {
        Sid      = "InitTaskWatch"
        Effect   = "Allow"
        Action   = "ecs:DescribeTasks"
        Resource = "${local.arn[env].ecs}:task/${e.stack_name}/*"
      },
      {
        Sid      = "InitTaskLog"
        Effect   = "Allow"
        Action   = "logs:GetLogEvents"
        Resource = "${local.arn[env].logs}:/ecs/${e.stack_name}:log-stream:*"
      },
      {
        # The hook writes each basic-auth secret's first value (DescribeSecret: has it one yet?); terraform never holds one.
        Sid    = "SeedTheAuthSecrets"
        Effect = "Allow"
        Action = ["secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue"]
        Resource = [
          for purpose in ["admin", "verifier", "flask-secret-key"] : "${local.arn[env].secret}:${e.stack_name}-${purpose}-*"
        ]
      },
    ]
  }
}

resource "aws_iam_role" "deploy" {
  for_each = var.environments

  name                 = "${each.value.stack_name}-github-deploy"
  description          = "GitHub Actions (${var.github_repository}): apply and destroy ${each.key}, from deploy.yml and destroy.yml on ${var.main_branch} only"
  assume_role_policy   = local.github_trust["deploy-${each.key}"]
  max_session_duration = var.max_session_hours * 3600
}

# Managed policies, not inline ones: a role's inline policies share one 10,240-character quota, a managed policy has
# 6,144 characters of its own.
resource "aws_iam_policy" "deploy" {
  for_each = {
    for pair in setproduct(keys(var.environments), ["network", "service", "data", "release", "identity", "operations", "unrehearsed"]) : "${pair[0]}/${pair[1]}" => {
      env  = pair[0]
      part = pair[1]
    }
  }

  name        = "${var.environments[each.value.env].stack_name}-github-deploy-${each.value.part}"
  description = "Deploy role of ${each.value.env}: ${each.value.part} (infra/bootstrap/PERMISSIONS.md)"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      network     = local.deploy_network
      service     = local.deploy_service
      data        = local.deploy_data
      release     = local.deploy_release
      identity    = local.deploy_identity
      operations  = local.deploy_operations
      unrehearsed = local.deploy_unrehearsed
    }[each.value.part][each.value.env]
  })
}

resource "aws_iam_role_policy_attachment" "deploy" {
  for_each = aws_iam_policy.deploy

  role       = aws_iam_role.deploy[split("/", each.key)[0]].name
  policy_arn = each.value.arn
}

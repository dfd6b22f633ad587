# What the deploy role needs that the least-privilege rehearsal cannot show it calling: checks AWS makes and the
# emulator does not, and changes the rehearsal's stacks never make. Each is in PERMISSIONS.md with its reason; a
# test holds this policy and that list to each other. Everything else the role holds, the rehearsal saw it use.
locals {
  deploy_unrehearsed = {
    for env, e in var.environments : env => concat([
      {
        # The first ECS, load balancer, RDS or autoscaling resource in an account creates the service's linked role.
        Sid      = "ServiceLinkedRolesOnFirstUse"
        Effect   = "Allow"
        Action   = "iam:CreateServiceLinkedRole"
        Resource = "*"
        Condition = { StringEquals = { "iam:AWSServiceName" = [
          "ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com", "ecs.application-autoscaling.amazonaws.com",
        ] } }
      },
      {
        # Tags sent with a create are authorised as a separate tagging action by these services.
        Sid       = "EcsTagOnCreate"
        Effect    = "Allow"
        Action    = "ecs:TagResource"
        Resource  = "*"
        Condition = { StringEquals = { "ecs:CreateAction" = ["CreateCluster", "CreateService", "RegisterTaskDefinition"] } }
      },
      {
        Sid    = "TagOnCreate"
        Effect = "Allow"
        Action = ["logs:TagResource", "secretsmanager:TagResource", "wafv2:TagResource"]
        Resource = [
          "${local.arn[env].logs}:/ecs/${e.stack_name}", "${local.arn[env].logs}:/aws/rds/instance/${e.stack_name}-db/*",
          "${local.arn[env].secret}:${e.stack_name}-*", "${local.arn[env].waf}/webacl/${e.stack_name}/*",
        ]
      },
      {
        Sid       = "AutoscalingTagOnCreate"
        Effect    = "Allow"
        Action    = "application-autoscaling:TagResource"
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestTag/Stack" = e.stack_name } }
      },
      {
        # A flow log delivered to S3 is set up through CloudWatch Logs' log delivery on the caller's rights.
        Sid      = "FlowLogDelivery"
        Effect   = "Allow"
        Action   = ["logs:CreateLogDelivery", "logs:DeleteLogDelivery"]
        Resource = "*"
      },
      {
        # Associating a web ACL with a load balancer is also authorised by the load balancer's service.
        Sid      = "FirewallOnTheLoadBalancer"
        Effect   = "Allow"
        Action   = "elasticloadbalancing:SetWebAcl"
        Resource = "${local.arn[env].elb}:loadbalancer/app/${e.stack_name}/*"
      },
      {
        # The init hook snapshots the database before an MLflow version change migrates it, and production's destroy
        # takes a final snapshot (final_snapshot_on_destroy); the rehearsal changes no version and takes no final one.
        Sid      = "Snapshots"
        Effect   = "Allow"
        Action   = ["rds:CreateDBSnapshot", "rds:DescribeDBSnapshots"]
        Resource = ["${local.arn[env].rds}:db:${e.stack_name}-db", "${local.arn[env].rds}:snapshot:${e.stack_name}-*"]
      },
      {
        # An apply that changes the database (its class, storage, or deletion protection before a planned destroy);
        # the rehearsal's second cycle changes only the service.
        Sid      = "ChangeTheDatabase"
        Effect   = "Allow"
        Action   = "rds:ModifyDBInstance"
        Resource = "${local.arn[env].rds}:db:${e.stack_name}-db"
      },
      {
        # RDS creates the database's master-password secret (manage_master_user_password) with the caller's rights;
        # the emulator's RDS makes it internally, so no call of the role shows it (AWS RDS User Guide: "Permissions
        # required for Secrets Manager integration").
        Sid      = "DatabaseManagedPassword"
        Effect   = "Allow"
        Action   = ["secretsmanager:CreateSecret", "secretsmanager:TagResource"]
        Resource = "${local.arn[env].secret}:rds!db-*"
      },
      {
        # The same: RDS looks up the Secrets Manager KMS key the secret is encrypted with (metadata only).
        Sid      = "DatabaseManagedPasswordKey"
        Effect   = "Allow"
        Action   = "kms:DescribeKey"
        Resource = "arn:${local.partition}:kms:${var.region}:${local.account_id}:key/*"
      },
      {
        # The init hook stops its task only when it outlives init_task_timeout_minutes; the rehearsal's task ends.
        Sid      = "InitTaskDeadline"
        Effect   = "Allow"
        Action   = "ecs:StopTask"
        Resource = "${local.arn[env].ecs}:task/${e.stack_name}/*"
      },
      {
        # A certificate requested in ACM (route53_zone_id without certificate_arn); the rehearsal imports its own.
        Sid       = "RequestTheCertificate"
        Effect    = "Allow"
        Action    = ["acm:RequestCertificate", "acm:AddTagsToCertificate"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:RequestTag/Stack" = e.stack_name } }
      },
      {
        Sid       = "TheRequestedCertificate"
        Effect    = "Allow"
        Action    = ["acm:DescribeCertificate", "acm:ListTagsForCertificate", "acm:DeleteCertificate"]
        Resource  = "arn:${local.partition}:acm:${var.region}:${local.account_id}:certificate/*"
        Condition = { StringEquals = { "aws:ResourceTag/Stack" = e.stack_name } }
      },
      {
        # The same for the alarms and their topic: tags sent with PutMetricAlarm and CreateTopic.
        Sid    = "AlarmsTagOnCreate"
        Effect = "Allow"
        Action = ["cloudwatch:TagResource", "sns:TagResource"]
        Resource = [
          "arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${e.stack_name}-*",
          "arn:${local.partition}:sns:${var.region}:${local.account_id}:${e.stack_name}-alarms",
        ]
      },
      {
        # The alarms' e-mail subscription (alarm_email); no rehearsal stack sets one.
        Sid      = "AlarmEmail"
        Effect   = "Allow"
        Action   = ["sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes"]
        Resource = ["arn:${local.partition}:sns:${var.region}:${local.account_id}:${e.stack_name}-alarms", "arn:${local.partition}:sns:${var.region}:${local.account_id}:${e.stack_name}-alarms:*"]
      },
      {
        # Destroying a log bucket that holds logs (log_bucket_force_destroy in staging); the emulator's stays empty.
        # The artifact bucket is never emptied: Destroy takes it out of the state and keeps it.
        Sid      = "EmptyTheLogBucketOnForceDestroy"
        Effect   = "Allow"
        Action   = ["s3:ListBucketVersions", "s3:DeleteObject", "s3:DeleteObjectVersion"]
        Resource = ["arn:${local.partition}:s3:::${e.stack_name}-logs-*", "arn:${local.partition}:s3:::${e.stack_name}-logs-*/*"]
      },
      ],
      # Validation and alias records in the environment's own hosted zone only; no rehearsal stack has one.
      flatten([for zone in compact([e.route53_zone_id]) : [
        {
          Sid      = "TheHostedZone"
          Effect   = "Allow"
          Action   = ["route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ChangeResourceRecordSets", "route53:ListTagsForResource"]
          Resource = "arn:${local.partition}:route53:::hostedzone/${zone}"
        },
        {
          Sid      = "RecordChanges"
          Effect   = "Allow"
          Action   = "route53:GetChange"
          Resource = "arn:${local.partition}:route53:::change/*"
        },
      ]]),
    )
  }
}

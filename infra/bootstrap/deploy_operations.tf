# What Apply and Destroy need for the stack's day-two operations (infra/alarms.tf, build/MlflowDeploy/DeploymentStatus):
# the alarms topic and its optional e-mail subscription, the stack's CloudWatch alarms, and the deploy record Apply
# writes as tags on the ECS service (read by Status). Alarms and the topic are scoped by the stack's names.
locals {
  deploy_operations = {
    for env, e in var.environments : env => [
      {
        # The alarms' notification topic, <stack>-alarms (its tagging on create and e-mail subscription: deploy_unrehearsed.tf).
        Sid    = "AlarmsTopic"
        Effect = "Allow"
        Action = [
          "sns:CreateTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListTagsForResource", "sns:DeleteTopic",
        ]
        Resource = "arn:${local.partition}:sns:${var.region}:${local.account_id}:${e.stack_name}-alarms"
      },
      {
        # The stack's alarms, named <stack>-<what>.
        Sid    = "StackAlarms"
        Effect = "Allow"
        Action = [
          "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource", "cloudwatch:DeleteAlarms",
        ]
        Resource = "arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${e.stack_name}-*"
      },
      {
        # Apply's deploy record: commit, plan and time as tags on the stack's service.
        Sid      = "DeployRecord"
        Effect   = "Allow"
        Action   = "ecs:TagResource"
        Resource = "${local.arn[env].ecs}:service/${e.stack_name}/*"
      },
    ]
  }
}

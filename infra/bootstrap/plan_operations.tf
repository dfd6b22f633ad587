# What Validate, Plan and Verify read of the stack's day-two resources: the alarms and their topic (Plan refreshes
# them, Verify's alarms check lists them by the stack's prefix) and the tagging API's listing of everything tagged with
# the stack (the orphan listing of Validate: resources outside the state).
locals {
  plan_operations = {
    for env, e in var.environments : env => [
      {
        Sid      = "ReadTheAlarmsTopic"
        Effect   = "Allow"
        Action   = ["sns:GetTopicAttributes", "sns:ListTagsForResource"]
        Resource = "arn:${local.partition}:sns:${var.region}:${local.account_id}:${e.stack_name}-alarms"
      },
      {
        Sid      = "ReadTheStackAlarms"
        Effect   = "Allow"
        Action   = ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"]
        Resource = "arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${e.stack_name}-*"
      },
      {
        # The Resource Groups Tagging API authorises GetResources against "*" only.
        Sid      = "ListTaggedResources"
        Effect   = "Allow"
        Action   = "tag:GetResources"
        Resource = "*"
      },
    ]
  }
}

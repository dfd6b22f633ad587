# Every accepted and rejected flow in the VPC, for incident work. Delivered
# to the log bucket (no prefix: AWSLogs/<account>/vpcflowlogs/...), so no IAM
# role is needed.
resource "aws_flow_log" "vpc" {
  count = var.vpc_flow_logs_enabled ? 1 : 0

  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.logs[0].arn

  # 10-minute aggregation (the default) keeps the object count low.
  max_aggregation_interval = 600

  tags = { Name = "${var.name}-vpc" }

  # The log-delivery service checks the bucket policy when the flow log is
  # created.
  depends_on = [aws_s3_bucket_policy.logs]
}

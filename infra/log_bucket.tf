# The stack's log bucket: load balancer access logs under alb/, VPC flow logs
# under AWSLogs/. Private, SSE-S3 (the only encryption ALB log delivery
# supports), TLS-only, and emptied after log_retention_days.

locals {
  alb_log_prefix = "alb"

  # AWS documents two ways to let ELB write access logs: the regional ELB
  # account in Regions opened before August 2022 (eu-west-2 among them), and
  # the logdelivery.elasticloadbalancing.amazonaws.com service principal in
  # the Regions opened since, where no ELB account exists.
  elb_log_delivery_service_principal_regions = [
    "ap-south-2", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-west-1",
    "eu-central-2", "eu-south-2", "il-central-1", "me-central-1", "mx-central-1",
  ]
  elb_log_delivery_by_account = !contains(local.elb_log_delivery_service_principal_regions, var.region)
}

# The regional ELB account, from the provider's built-in table (no API call).
data "aws_elb_service_account" "current" {
  count = var.alb_access_logs_enabled && local.elb_log_delivery_by_account ? 1 : 0
}

resource "aws_s3_bucket" "logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket        = local.log_bucket_name
  force_destroy = var.log_bucket_force_destroy

  tags = { Name = local.log_bucket_name }
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket                  = aws_s3_bucket.logs[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  rule {
    id     = "expire-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.log_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "logs" {
  count = local.create_log_bucket ? 1 : 0

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.logs[0].arn,
      "${aws_s3_bucket.logs[0].arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = var.alb_access_logs_enabled ? [1] : []
    content {
      sid       = "LoadBalancerAccessLogs"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.logs[0].arn}/${local.alb_log_prefix}/AWSLogs/${local.account_id}/*"]

      principals {
        type        = local.elb_log_delivery_by_account ? "AWS" : "Service"
        identifiers = local.elb_log_delivery_by_account ? [data.aws_elb_service_account.current[0].arn] : ["logdelivery.elasticloadbalancing.amazonaws.com"]
      }
    }
  }

  # Flow logs are delivered by the log-delivery service on behalf of this
  # account's flow logs only (confused-deputy guard).
  dynamic "statement" {
    for_each = var.vpc_flow_logs_enabled ? [1] : []
    content {
      sid       = "FlowLogsWrite"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.logs[0].arn}/AWSLogs/${local.account_id}/*"]

      principals {
        type        = "Service"
        identifiers = ["delivery.logs.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "s3:x-amz-acl"
        values   = ["bucket-owner-full-control"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:*"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.vpc_flow_logs_enabled ? [1] : []
    content {
      sid       = "FlowLogsAclCheck"
      actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
      resources = [aws_s3_bucket.logs[0].arn]

      principals {
        type        = "Service"
        identifiers = ["delivery.logs.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }

      condition {
        test     = "ArnLike"
        variable = "aws:SourceArn"
        values   = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:*"]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id
  policy = data.aws_iam_policy_document.logs[0].json

  # S3 rejects a bucket policy while the public access block is being set.
  depends_on = [aws_s3_bucket_public_access_block.logs]
}

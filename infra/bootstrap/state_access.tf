# What each role may do with the state bucket: its own environment's state object only. Both roles take the
# lock (S3 lock files: the state key plus ".tflock"); only the deploy role writes the state itself.
locals {
  state_access = {
    for env, _ in var.environments : env => {
      read = [
        {
          # Listing shows key names only. Not narrowed by prefix: init lists the workspace prefix (env:/)
          # and the preflight checks the bucket's settings.
          Sid      = "InspectStateBucket"
          Effect   = "Allow"
          Action   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration", "s3:GetBucketPublicAccessBlock"]
          Resource = local.state_bucket_arn
        },
        {
          Sid      = "ReadOwnState"
          Effect   = "Allow"
          Action   = "s3:GetObject"
          Resource = "${local.state_bucket_arn}/${var.state_key_prefix}/${env}/terraform.tfstate"
        },
        {
          Sid      = "HoldTheStateLock"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
          Resource = "${local.state_bucket_arn}/${var.state_key_prefix}/${env}/terraform.tfstate.tflock"
        },
      ]
      write = [
        {
          Sid      = "WriteOwnState"
          Effect   = "Allow"
          Action   = "s3:PutObject"
          Resource = "${local.state_bucket_arn}/${var.state_key_prefix}/${env}/terraform.tfstate"
        },
      ]
    }
  }
}

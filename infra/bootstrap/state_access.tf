# What each role may do with the state bucket: its own environment's state object only. Only the deploy role
# takes the lock (S3 lock files: the state key plus ".tflock") and writes the state. The plan role plans with
# -lock=false, so a pull request's plan can never hold the lock an approved apply is waiting for.
locals {
  state_access = {
    for env, _ in var.environments : env => {
      read = [
        {
          # Listing shows key names only. Not narrowed by prefix: init lists the workspace prefix (env:/).
          Sid      = "InspectStateBucket"
          Effect   = "Allow"
          Action   = "s3:ListBucket"
          Resource = local.state_bucket_arn
        },
        {
          Sid      = "ReadOwnState"
          Effect   = "Allow"
          Action   = "s3:GetObject"
          Resource = "${local.state_bucket_arn}/${var.state_key_prefix}/${env}/terraform.tfstate"
        },
      ]
      write = [
        {
          Sid      = "HoldTheStateLock"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
          Resource = "${local.state_bucket_arn}/${var.state_key_prefix}/${env}/terraform.tfstate.tflock"
        },
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

provider "aws" {
  region = var.region

  # Refuses to plan or apply when the credentials belong to another account,
  # so a production tfvars can never be applied with the wrong profile.
  allowed_account_ids = var.expected_account_id == null ? null : [var.expected_account_id]

  default_tags {
    tags = merge(var.tags, {
      Project     = "mlflow-deploy"
      Environment = var.environment
      Stack       = var.name
      ManagedBy   = "terraform"
    })
  }
}

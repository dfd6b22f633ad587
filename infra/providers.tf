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

# The ephemeral password generator gets its own configuration of the same
# provider for one reason: Terraform 1.11's mock providers reject every
# ephemeral resource type, so the offline tests mock the default
# configuration and give this one a real provider that is never called.
provider "aws" {
  alias = "ephemeral"

  region              = var.region
  allowed_account_ids = var.expected_account_id == null ? null : [var.expected_account_id]
}

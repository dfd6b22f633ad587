provider "aws" {
  region = var.region

  allowed_account_ids = var.expected_account_id == null ? null : [var.expected_account_id]

  default_tags {
    tags = {
      Project   = "mlflow-deploy"
      Stack     = "bootstrap"
      ManagedBy = "terraform"
      Source    = "github.com/${var.github_repository}"
    }
  }
}

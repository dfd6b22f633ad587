# The stack's image repository. The deploy workflow builds infra/image once
# per MLflow version and dependency set, pushes it here under an immutable tag
# and passes the pushed digest as mlflow_image_digest; the task definition
# pins that digest, so what runs is exactly what was built and scanned.
resource "aws_ecr_repository" "mlflow" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.ecr_force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

# Pushes that never got a tag (an interrupted build) are the only images that
# expire: every tagged image may still be a rollback target.
resource "aws_ecr_lifecycle_policy" "mlflow" {
  repository = aws_ecr_repository.mlflow.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Expire untagged images after 14 days"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = 14
      }
      action = { type = "expire" }
    }]
  })
}

locals {
  # Exactly one of the two is set (validated on mlflow_image_digest).
  mlflow_image = var.mlflow_image_digest != null ? "${aws_ecr_repository.mlflow.repository_url}@${var.mlflow_image_digest}" : var.mlflow_image
}

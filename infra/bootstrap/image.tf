# The account's one image repository, here and not in the stack: the deploy workflow pushes infra/image before the
# first plan of any environment pins its digest, and images outlive a teardown, so a rollback after a re-create
# still finds them. Staging and production pull the same digest when their inputs match: built once, promoted.
resource "aws_ecr_repository" "image" {
  name                 = var.image_repository_name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

# Pushes that never got a tag (an interrupted build) are the only images that expire: every tagged image may still
# be a rollback target.
resource "aws_ecr_lifecycle_policy" "image" {
  repository = aws_ecr_repository.image.name
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

# The image job of deploy.yml on main, outside any environment, so that it needs no approval: it builds infra/image,
# smoke-tests it and pushes it. Only that job's subject is trusted; a pull request's code (plan.yml) cannot push.
# It holds no other right: the tags are immutable, so it cannot replace an image a stack runs.
resource "aws_iam_role" "image" {
  name                 = "${replace(var.image_repository_name, "/", "-")}-github-image"
  description          = "GitHub Actions (${var.github_repository}): build and push infra/image from deploy.yml on ${var.main_branch}"
  max_session_duration = 3600
  assume_role_policy   = local.github_trust["image"]
}

resource "aws_iam_role_policy" "image" {
  name = "push-the-image"
  role = aws_iam_role.image.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "RegistryToken"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Sid    = "PushAndReadTheImage"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
          "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:DescribeImageScanFindings",
        ]
        Resource = aws_ecr_repository.image.arn
      },
    ]
  })
}

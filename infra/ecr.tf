# The image comes from the account's one image repository, which infra/bootstrap
# creates (not this stack): the deploy workflow must push an image before the
# first plan can pin its digest, and images outlive a teardown of the stack, so
# a rollback after a re-create still finds them. Staging and production run the
# same digest when their inputs are the same: it is built once and promoted.
locals {
  image_repository_url = "${local.account_id}.dkr.ecr.${var.region}.amazonaws.com/${var.image_repository}"

  # Exactly one of the two is set (validated on mlflow_image_digest).
  mlflow_image = var.mlflow_image_digest != null ? "${local.image_repository_url}@${var.mlflow_image_digest}" : var.mlflow_image
}

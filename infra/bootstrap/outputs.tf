output "plan_role_arns" {
  description = "Per environment: store as repository secret AWS_PLAN_ROLE_ARN_<ENV> (e.g. AWS_PLAN_ROLE_ARN_PRODUCTION)."
  value       = { for env, role in aws_iam_role.plan : env => role.arn }
}

output "deploy_role_arns" {
  description = "Per environment: store as secret AWS_DEPLOY_ROLE_ARN of the GitHub environment with the same name."
  value       = { for env, role in aws_iam_role.deploy : env => role.arn }
}

output "image_role_arn" {
  description = "Store as repository secret AWS_IMAGE_ROLE_ARN: deploy.yml's image job assumes it to push infra/image."
  value       = aws_iam_role.image.arn
}

output "image_repository_url" {
  description = "Where the deploy workflow pushes infra/image; every environment's image_repository names it."
  value       = aws_ecr_repository.image.repository_url
}

output "state_bucket" {
  description = "Put this as bucket = \"...\" in infra/environments/<env>.backend.hcl."
  value       = aws_s3_bucket.state.bucket
}

output "oidc_provider_arn" {
  description = "The GitHub OIDC identity provider the roles trust."
  value       = local.oidc_provider_arn
}

output "trusted_subjects" {
  description = "The token sub claims each role accepts (after the subject customisation of docs/one-time-setup.md), for review."
  value = merge(
    { for env, _ in var.environments : "plan-${env}" => concat(local.plan_subjects, [local.plan_verify_subjects[env], local.plan_pull_request_subject]) },
    { for env, subjects in local.deploy_subjects : "deploy-${env}" => subjects },
    { image = [local.image_subject] },
  )
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.existing_oidc_provider_arn != null ? var.existing_oidc_provider_arn : aws_iam_openid_connect_provider.github[0].arn

  state_bucket_arn = "arn:${local.partition}:s3:::${var.state_bucket_name}"

  # The sub claims GitHub puts in the token (docs: "Example subject claims"). Exact strings only: a wildcard
  # here would let other repositories, branches or environments in.
  repo_sub = "repo:${var.github_repository}"
  plan_subjects = [
    "${local.repo_sub}:pull_request",                      # plan.yml: PRs from this repository (forks get no token)
    "${local.repo_sub}:ref:refs/heads/${var.main_branch}", # deploy.yml's plan jobs and nightly.yml
  ]
  deploy_subjects = { for env, _ in var.environments : env => "${local.repo_sub}:environment:${env}" }
}

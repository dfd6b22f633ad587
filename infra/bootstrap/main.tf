data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  oidc_host         = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.existing_oidc_provider_arn != null ? var.existing_oidc_provider_arn : aws_iam_openid_connect_provider.github[0].arn

  state_bucket_arn = "arn:${local.partition}:s3:::${var.state_bucket_name}"

  # The sub claims GitHub puts in the token once the repository's subject is customised to include the workflow
  # file and ref (docs/one-time-setup.md: PUT /repos/{owner}/{repo}/actions/oidc/customization/sub with
  # include_claim_keys ["repo", "context", "job_workflow_ref"]):
  #   repo:<owner>/<repo>:<context>:job_workflow_ref:<owner>/<repo>/.github/workflows/<file>@<ref>
  # so a role names the exact workflow file and branch it trusts, whatever the GitHub environment's settings say.
  # Exact strings only, except the pull request number, which GitHub writes into the ref.
  repo_sub  = "repo:${var.github_repository}"
  workflows = "${var.github_repository}/.github/workflows"
  main_ref  = "refs/heads/${var.main_branch}"

  # Runs on main without an environment: the plan jobs of deploy.yml and the nightly drift check.
  plan_subjects = [
    "${local.repo_sub}:ref:${local.main_ref}:job_workflow_ref:${local.workflows}/deploy.yml@${local.main_ref}",
    "${local.repo_sub}:ref:${local.main_ref}:job_workflow_ref:${local.workflows}/nightly.yml@${local.main_ref}",
  ]
  # deploy.yml's image job on main, the one job that pushes images.
  image_subject = "${local.repo_sub}:ref:${local.main_ref}:job_workflow_ref:${local.workflows}/deploy.yml@${local.main_ref}"
  # plan.yml of a pull request from this repository (a fork's pull request gets no token).
  plan_pull_request_subject = "${local.repo_sub}:pull_request:job_workflow_ref:${local.workflows}/plan.yml@refs/pull/*/merge"
  # The apply job of deploy.yml verifies with the read-only role once the apply is done.
  plan_verify_subjects = { for env, _ in var.environments : env => "${local.repo_sub}:environment:${env}:job_workflow_ref:${local.workflows}/deploy.yml@${local.main_ref}" }

  # Only deploy.yml and destroy.yml, from main, in the environment's own job.
  deploy_subjects = {
    for env, _ in var.environments : env => [
      for workflow in ["deploy.yml", "destroy.yml"] : "${local.repo_sub}:environment:${env}:job_workflow_ref:${local.workflows}/${workflow}@${local.main_ref}"
    ]
  }
}

# GitHub's OIDC issuer. AWS no longer checks the thumbprint for this issuer (it trusts its own CA store),
# but the API still requires one; this is GitHub's published intermediate.
resource "aws_iam_openid_connect_provider" "github" {
  count = var.existing_oidc_provider_arn == null ? 1 : 0

  url             = "https://${local.oidc_host}"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# A trust policy for web identities from GitHub: the audience is STS, and the subject one of the given strings,
# compared exactly (StringEquals). The plan role also accepts the pull-request subject, whose PR number is the only
# part matched by pattern (StringLike).
locals {
  github_statement = {
    Effect    = "Allow"
    Action    = "sts:AssumeRoleWithWebIdentity"
    Principal = { Federated = local.oidc_provider_arn }
  }

  github_trust = merge(
    {
      for env, _ in var.environments : "plan-${env}" => jsonencode({
        Version = "2012-10-17"
        Statement = [
          merge(local.github_statement, {
            Sid = "GitHubMainAndVerify"
            Condition = {
              StringEquals = {
                "${local.oidc_host}:aud" = "sts.amazonaws.com"
                "${local.oidc_host}:sub" = concat(local.plan_subjects, [local.plan_verify_subjects[env]])
              }
            }
          }),
          merge(local.github_statement, {
            Sid = "GitHubPullRequests"
            Condition = {
              StringEquals = { "${local.oidc_host}:aud" = "sts.amazonaws.com" }
              StringLike   = { "${local.oidc_host}:sub" = local.plan_pull_request_subject }
            }
          }),
        ]
      })
    },
    {
      for env, subjects in local.deploy_subjects : "deploy-${env}" => jsonencode({
        Version = "2012-10-17"
        Statement = [merge(local.github_statement, {
          Sid = "GitHubDeployAndDestroyFromMain"
          Condition = {
            StringEquals = {
              "${local.oidc_host}:aud" = "sts.amazonaws.com"
              "${local.oidc_host}:sub" = subjects
            }
          }
        })]
      })
    },
    {
      image = jsonencode({
        Version = "2012-10-17"
        Statement = [merge(local.github_statement, {
          Sid = "GitHubDeployImageJobOnMain"
          Condition = {
            StringEquals = {
              "${local.oidc_host}:aud" = "sts.amazonaws.com"
              "${local.oidc_host}:sub" = local.image_subject
            }
          }
        })]
      })
    },
  )
}

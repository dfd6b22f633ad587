# GitHub's OIDC issuer. AWS no longer checks the thumbprint for this issuer (it trusts its own CA store),
# but the API still requires one; this is GitHub's published intermediate.
resource "aws_iam_openid_connect_provider" "github" {
  count = var.existing_oidc_provider_arn == null ? 1 : 0

  url             = "https://${local.oidc_host}"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

# A trust policy for web identities from GitHub: the audience is STS, and the subject one of the given
# strings, compared exactly (StringEquals, never StringLike).
locals {
  github_trust = {
    for role, subjects in merge(
      { for env, _ in var.environments : "plan-${env}" => local.plan_subjects },
      { for env, sub in local.deploy_subjects : "deploy-${env}" => [sub] },
      ) : role => jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Sid       = "GitHubActionsOidc"
          Effect    = "Allow"
          Action    = "sts:AssumeRoleWithWebIdentity"
          Principal = { Federated = local.oidc_provider_arn }
          Condition = {
            StringEquals = {
              "${local.oidc_host}:aud" = "sts.amazonaws.com"
              "${local.oidc_host}:sub" = subjects
            }
          }
        }]
    })
  }
}

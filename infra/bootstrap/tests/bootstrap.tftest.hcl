# Offline checks of the bootstrap module (terraform test, mocked AWS provider): who may assume which role,
# and how the state bucket is protected. Run from infra/bootstrap: terraform init -backend=false && terraform test

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/bootstrap"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_resource "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mocked"
    }
  }

  mock_resource "aws_iam_policy" {
    defaults = {
      arn = "arn:aws:iam::123456789012:policy/mocked"
    }
  }

  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:eu-west-2:123456789012:repository/mlflow-deploy"
      repository_url = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/mlflow-deploy"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::acme-mlflow-tfstate"
    }
  }
}

variables {
  github_repository = "acme/mlflow-deploy"
  state_bucket_name = "acme-mlflow-tfstate"
}

run "deploy_roles_trust_only_deploy_and_destroy_on_main_in_their_environment" {
  command = apply

  assert {
    condition = jsondecode(aws_iam_role.deploy["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == [
      "repo:acme/mlflow-deploy:environment:production:job_workflow_ref:acme/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main",
      "repo:acme/mlflow-deploy:environment:production:job_workflow_ref:acme/mlflow-deploy/.github/workflows/destroy.yml@refs/heads/main",
    ]
    error_message = "The production deploy role must trust exactly deploy.yml and destroy.yml on refs/heads/main in the production environment."
  }

  assert {
    condition = jsondecode(aws_iam_role.deploy["staging"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == [
      "repo:acme/mlflow-deploy:environment:staging:job_workflow_ref:acme/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main",
      "repo:acme/mlflow-deploy:environment:staging:job_workflow_ref:acme/mlflow-deploy/.github/workflows/destroy.yml@refs/heads/main",
    ]
    error_message = "The staging deploy role must trust exactly deploy.yml and destroy.yml on refs/heads/main in the staging environment."
  }

  assert {
    condition = alltrue([
      for role in values(aws_iam_role.deploy) :
      length(jsondecode(role.assume_role_policy).Statement) == 1
      && keys(jsondecode(role.assume_role_policy).Statement[0].Condition) == ["StringEquals"]
      && jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
      && jsondecode(role.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
      && jsondecode(role.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
      && !strcontains(role.assume_role_policy, "*")
    ])
    error_message = "Deploy roles must be assumable only through the GitHub OIDC provider, for the STS audience, compared exactly (one statement, StringEquals, no wildcard)."
  }
}

run "plan_roles_trust_main_workflows_verify_and_pull_requests_only" {
  command = apply

  assert {
    condition = alltrue([
      for env, role in aws_iam_role.plan :
      jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == [
        "repo:acme/mlflow-deploy:ref:refs/heads/main:job_workflow_ref:acme/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main",
        "repo:acme/mlflow-deploy:ref:refs/heads/main:job_workflow_ref:acme/mlflow-deploy/.github/workflows/nightly.yml@refs/heads/main",
        "repo:acme/mlflow-deploy:environment:${env}:job_workflow_ref:acme/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main",
      ]
    ])
    error_message = "Plan roles must trust exactly deploy.yml and nightly.yml on main, and deploy.yml's job in their own environment (its Verify)."
  }

  assert {
    condition = alltrue([
      for role in values(aws_iam_role.plan) :
      jsondecode(role.assume_role_policy).Statement[1].Condition.StringLike == {
        "token.actions.githubusercontent.com:sub" = "repo:acme/mlflow-deploy:pull_request:job_workflow_ref:acme/mlflow-deploy/.github/workflows/plan.yml@refs/pull/*/merge"
      }
      && length(jsondecode(role.assume_role_policy).Statement) == 2
      && keys(jsondecode(role.assume_role_policy).Statement[0].Condition) == ["StringEquals"]
      && alltrue([for s in jsondecode(role.assume_role_policy).Statement : s.Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"])
      # The pull request number is the only pattern: one "*" in the whole document.
      && length(split("*", role.assume_role_policy)) == 2
    ])
    error_message = "Plan roles may match only this repository's plan.yml of a pull request by pattern, and only its number; every statement requires the STS audience."
  }
}

run "the_plan_role_writes_nothing_and_reads_only_the_verifier_secret" {
  command = apply

  assert {
    condition = alltrue(flatten([
      for key, policy in aws_iam_policy.plan : [
        for s in jsondecode(policy.policy).Statement : s.Effect == "Allow" && alltrue([
          for a in flatten([s.Action]) :
          !strcontains(a, "*") && !contains(["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"], a)
          && (a != "secretsmanager:GetSecretValue" || (s.Sid == "TheVerifierSecret" && s.Resource == "arn:aws:secretsmanager:eu-west-2:123456789012:secret:${split("/", key)[0] == "production" ? "mlflow-prod" : "mlflow-staging"}-verifier-*"))
        ])
      ]
    ]))
    error_message = "The plan role may hold no wildcard action, no write of the state, its lock or an artifact, and secretsmanager:GetSecretValue only on its stack's verifier secret (statement TheVerifierSecret)."
  }

  assert {
    condition     = alltrue([for policy in values(aws_iam_policy.plan) : !strcontains(policy.policy, ".tflock")])
    error_message = "The plan role must not touch the state lock: its plans run with -lock=false."
  }
}

run "the_deploy_role_creates_roles_only_within_the_boundary_and_cannot_escalate" {
  command = apply

  assert {
    condition     = one([for s in jsondecode(aws_iam_policy.deploy["production/identity"].policy).Statement : s if s.Sid == "StackRolesWithinTheBoundary"]).Condition.StringEquals["iam:PermissionsBoundary"] == "arn:aws:iam::123456789012:policy/mlflow-prod-ecs-role-boundary"
    error_message = "CreateRole and PutRolePolicy must require the stack's permissions boundary."
  }

  assert {
    condition = alltrue([
      for sid, actions in {
        NoRoleWithoutTheBoundary = ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"]
        KeepTheBoundary          = ["iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"]
        NoRoleChaining           = ["sts:AssumeRole"]
      } :
      length(setsubtract(actions, flatten([one([for s in jsondecode(aws_iam_policy.deploy["production/identity"].policy).Statement : s.Action if s.Sid == sid && s.Effect == "Deny"])]))) == 0
    ])
    error_message = "The deploy role must be denied creating a role without the boundary, removing or rewriting the boundary, and assuming any role."
  }

  assert {
    condition = alltrue([
      for policy in values(aws_iam_policy.deploy) : !strcontains(policy.policy, "iam:UpdateAssumeRolePolicy") && !strcontains(policy.policy, "\"iam:*") && !strcontains(policy.policy, "\"*\"]") && !strcontains(policy.policy, "Action\":\"*\"")
    ])
    error_message = "The deploy role must not change trust policies, nor hold iam:* or a bare * action."
  }

  assert {
    condition     = aws_iam_policy.ecs_role_boundary["production"].name == "mlflow-prod-ecs-role-boundary" && !strcontains(aws_iam_policy.ecs_role_boundary["production"].policy, "iam:") && !strcontains(aws_iam_policy.ecs_role_boundary["production"].policy, "sts:")
    error_message = "The boundary must exist per stack and grant no IAM or STS action."
  }
}

run "snapshots_cannot_be_deleted_by_the_deploy_role" {
  command = apply

  assert {
    condition = alltrue([
      for env in keys(aws_iam_role.deploy) : anytrue([
        for s in jsondecode(aws_iam_policy.deploy["${env}/data"].policy).Statement :
        s.Effect == "Deny" && s.Resource == "*" && length(setsubtract(["rds:DeleteDBSnapshot", "rds:DeleteDBClusterSnapshot"], flatten([s.Action]))) == 0
      ])
    ])
    error_message = "The deploy role must be denied rds:DeleteDBSnapshot and rds:DeleteDBClusterSnapshot on every snapshot."
  }
}

run "network_changes_are_scoped_by_the_stack_tag" {
  command = apply

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_policy.deploy["production/network"].policy).Statement :
      alltrue([for a in flatten([s.Action]) : startswith(a, "ec2:Describe")]) || (
        try(s.Condition.StringEquals["aws:RequestTag/Stack"], s.Condition.StringEquals["aws:ResourceTag/Stack"], "") == "mlflow-prod"
        || can(s.Condition.StringEquals["ec2:CreateAction"])
      )
    ])
    error_message = "Every EC2 statement that changes something must require the stack's Stack tag (on the request or the resource), or allow tagging only as part of a create."
  }
}

run "the_roles_stay_in_their_stack_and_fit_iam_limits" {
  command = apply

  assert {
    condition     = alltrue([for key, policy in merge(aws_iam_policy.deploy, aws_iam_policy.plan) : startswith(key, "staging/") ? !strcontains(policy.policy, "mlflow-prod") : true])
    error_message = "The staging roles must not reach production's resources."
  }

  assert {
    condition     = alltrue([for policy in values(merge(aws_iam_policy.deploy, aws_iam_policy.plan)) : length(policy.policy) <= 6144])
    error_message = "A managed policy may hold at most 6,144 characters."
  }

  assert {
    condition     = strcontains(aws_iam_policy.deploy["production/identity"].policy, "\"iam:PassedToService\":\"ecs-tasks.amazonaws.com\"")
    error_message = "The deploy role may pass the stack's roles to ECS tasks only."
  }

  assert {
    condition     = alltrue([for role in merge(aws_iam_role.deploy, aws_iam_role.plan) : role.max_session_duration >= 5400])
    error_message = "The roles must allow the 90-minute sessions the deploy jobs ask for."
  }
}

run "one_image_repository_and_only_the_deploy_image_job_on_main_pushes_to_it" {
  command = apply

  assert {
    condition     = aws_ecr_repository.image.name == "mlflow-deploy" && aws_ecr_repository.image.image_tag_mutability == "IMMUTABLE" && one(aws_ecr_repository.image.image_scanning_configuration).scan_on_push
    error_message = "The account's image repository must be mlflow-deploy by default, with immutable tags and scan on push."
  }

  assert {
    condition     = jsondecode(aws_iam_role.image.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == "repo:acme/mlflow-deploy:ref:refs/heads/main:job_workflow_ref:acme/mlflow-deploy/.github/workflows/deploy.yml@refs/heads/main" && length(jsondecode(aws_iam_role.image.assume_role_policy).Statement) == 1
    error_message = "The image role must trust exactly deploy.yml on refs/heads/main (no pull request, no other workflow)."
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.image.policy).Statement : { sid = s.Sid, resource = s.Resource }] == [
      { sid = "RegistryToken", resource = "*" },
      { sid = "PushAndReadTheImage", resource = "arn:aws:ecr:eu-west-2:123456789012:repository/mlflow-deploy" },
      ] && jsondecode(aws_iam_role_policy.image.policy).Statement[0].Action == "ecr:GetAuthorizationToken" && alltrue([
        for a in jsondecode(aws_iam_role_policy.image.policy).Statement[1].Action : startswith(a, "ecr:") && !contains(["ecr:BatchDeleteImage", "ecr:PutImageTagMutability", "ecr:DeleteRepository", "ecr:SetRepositoryPolicy"], a)
    ])
    error_message = "The image role may get a registry token and push to and read the image repository only; never delete an image or loosen the tags."
  }

  assert {
    condition     = strcontains(aws_iam_policy.ecs_role_boundary["production"].policy, "repository/mlflow-deploy") && !strcontains(join("", [for p in values(aws_iam_policy.deploy) : p.policy]), "ecr:")
    error_message = "The ECS roles may pull from the image repository; the deploy role holds no ECR right at all."
  }

  assert {
    condition = alltrue(flatten([
      for key, policy in aws_iam_policy.plan : [
        for s in jsondecode(policy.policy).Statement : [for a in flatten([s.Action]) : !startswith(a, "ecr:") || (a == "ecr:DescribeImages" && s.Resource == "arn:aws:ecr:eu-west-2:123456789012:repository/mlflow-deploy")]
      ]
    ]))
    error_message = "The plan role may only read image digests (ecr:DescribeImages) of the image repository."
  }
}

run "the_state_bucket_is_versioned_encrypted_private_and_tls_only" {
  command = apply

  assert {
    condition     = aws_s3_bucket_versioning.state.versioning_configuration[0].status == "Enabled"
    error_message = "The state bucket must be versioned."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The state bucket must be encrypted at rest."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.state.block_public_acls,
      aws_s3_bucket_public_access_block.state.block_public_policy,
      aws_s3_bucket_public_access_block.state.ignore_public_acls,
      aws_s3_bucket_public_access_block.state.restrict_public_buckets,
    ])
    error_message = "All public access to the state bucket must be blocked."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.state.policy).Statement :
      s.Effect == "Deny" && s.Condition.Bool["aws:SecureTransport"] == "false" && s.Action == "s3:*"
    ])
    error_message = "The state bucket policy must deny every request that is not over TLS."
  }
}

run "an_existing_oidc_provider_is_reused_not_duplicated" {
  command = apply

  variables {
    existing_oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    environments               = { production = { stack_name = "mlflow-prod" } }
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0
    error_message = "With existing_oidc_provider_arn set, no second provider may be created."
  }

  assert {
    condition     = keys(aws_iam_role.deploy) == ["production"] && keys(aws_iam_role.plan) == ["production"]
    error_message = "Roles must exist only for the environments this account hosts."
  }
}

run "a_repository_pattern_is_refused" {
  command = plan

  variables {
    github_repository = "acme/*"
  }

  expect_failures = [var.github_repository]
}

run "stack_names_that_prefix_each_other_are_refused" {
  command = plan

  variables {
    environments = {
      staging    = { stack_name = "mlflow" }
      production = { stack_name = "mlflow-prod" }
    }
  }

  expect_failures = [var.environments]
}

run "the_deploy_role_reads_and_writes_secret_values_of_the_auth_secrets_only" {
  command = apply

  assert {
    condition = alltrue(flatten([
      for key, policy in aws_iam_policy.deploy : [
        for s in jsondecode(policy.policy).Statement : s.Effect == "Deny" || alltrue([
          for a in flatten([s.Action]) :
          !contains(["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], a) || (s.Sid == "SeedTheAuthSecrets" && flatten([s.Resource]) == [
            for purpose in ["admin", "verifier", "flask-secret-key"] :
            "arn:aws:secretsmanager:eu-west-2:123456789012:secret:${split("/", key)[0] == "production" ? "mlflow-prod" : "mlflow-staging"}-${purpose}-*"
          ])
        ])
      ]
    ]))
    error_message = "The deploy role may read or write a secret value only of its stack's three basic-auth secrets (statement SeedTheAuthSecrets): never the RDS-managed database secret."
  }

  assert {
    condition     = alltrue([for policy in values(aws_iam_policy.deploy) : !strcontains(policy.policy, "route53:")])
    error_message = "Without a route53_zone_id the deploy role must hold no Route 53 right."
  }
}

run "a_hosted_zone_is_the_only_one_the_deploy_role_may_change" {
  command = apply

  variables {
    environments = {
      production = { stack_name = "mlflow-prod", route53_zone_id = "Z0123456789ABCDEFGHIJ" }
    }
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_policy.deploy["production/unrehearsed"].policy).Statement : s if s.Sid == "TheHostedZone"]).Resource == "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"
    error_message = "ChangeResourceRecordSets must be scoped to the environment's own hosted zone."
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_policy.plan["production/unrehearsed"].policy).Statement : s if s.Sid == "TheHostedZone"]).Action == ["route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ListTagsForResource"]
    error_message = "The plan role reads the hosted zone's records and changes none."
  }
}

run "a_hosted_zone_arn_is_refused" {
  command = plan

  variables {
    environments = {
      production = { stack_name = "mlflow-prod", route53_zone_id = "/hostedzone/Z0123" }
    }
  }

  expect_failures = [var.environments]
}

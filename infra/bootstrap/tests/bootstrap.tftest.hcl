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

run "deploy_roles_trust_only_their_own_environment" {
  command = apply

  assert {
    condition     = jsondecode(aws_iam_role.deploy["production"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/mlflow-deploy:environment:production"]
    error_message = "The production deploy role must trust exactly repo:acme/mlflow-deploy:environment:production."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy["staging"].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:acme/mlflow-deploy:environment:staging"]
    error_message = "The staging deploy role must trust exactly repo:acme/mlflow-deploy:environment:staging."
  }

  assert {
    condition = alltrue([
      for role in values(aws_iam_role.deploy) :
      jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    ])
    error_message = "Every deploy role must require the sts.amazonaws.com audience."
  }

  assert {
    condition = alltrue([
      for role in values(aws_iam_role.deploy) :
      jsondecode(role.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
      && jsondecode(role.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    ])
    error_message = "Deploy roles must be assumable only through the GitHub OIDC provider."
  }
}

run "plan_roles_trust_this_repositorys_pull_requests_and_main_only" {
  command = apply

  assert {
    condition = alltrue([
      for role in values(aws_iam_role.plan) :
      toset(jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]) == toset([
        "repo:acme/mlflow-deploy:pull_request",
        "repo:acme/mlflow-deploy:ref:refs/heads/main",
      ])
    ])
    error_message = "Plan roles must trust exactly this repository's pull requests and its main branch."
  }

  assert {
    condition = alltrue([
      for role in values(aws_iam_role.plan) :
      jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    ])
    error_message = "Every plan role must require the sts.amazonaws.com audience."
  }
}

run "no_trust_policy_matches_by_pattern" {
  command = apply

  assert {
    condition = alltrue([
      for role in concat(values(aws_iam_role.plan), values(aws_iam_role.deploy)) :
      length(jsondecode(role.assume_role_policy).Statement) == 1
      && keys(jsondecode(role.assume_role_policy).Statement[0].Condition) == ["StringEquals"]
      && !strcontains(role.assume_role_policy, "*")
    ])
    error_message = "Trust policies must compare the token exactly: one statement, StringEquals only, no wildcard."
  }
}

run "roles_can_only_do_their_part" {
  command = apply

  assert {
    condition     = !strcontains(aws_iam_role_policy.plan["production"].policy, "PutObject\",\"Resource\":\"arn:aws:s3:::acme-mlflow-tfstate/mlflow-deploy/production/terraform.tfstate\"")
    error_message = "The plan role must not write the state itself."
  }

  assert {
    condition = alltrue([
      for p in values(aws_iam_role_policy.plan) :
      !strcontains(p.policy, "secretsmanager:GetSecretValue") && !strcontains(p.policy, "s3:*") && !strcontains(p.policy, ":*\"")
    ])
    error_message = "The plan role must not read secret values or hold any service-wide wildcard."
  }

  assert {
    condition     = !strcontains(aws_iam_role_policy.deploy["staging"].policy, "mlflow-prod")
    error_message = "The staging deploy role must not reach production's resources."
  }

  assert {
    condition     = strcontains(aws_iam_role_policy.deploy["production"].policy, "\"iam:PassedToService\":\"ecs-tasks.amazonaws.com\"")
    error_message = "The deploy role may pass the stack's roles to ECS tasks only."
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

# Offline checks of the image, authentication, secret and init-task wiring.
# The provider is mocked as in architecture.tftest.hcl; the apply runs
# execute init.tf's provisioner, so run with MLFLOW_DEPLOY_INIT_HOOK=true.

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-2a", "eu-west-2b", "eu-west-2c"]
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_data "aws_rds_engine_version" {
    defaults = {
      version_actual = "15.10"
    }
  }

  mock_resource "aws_db_instance" {
    defaults = {
      # address is the bare host; endpoint already carries the port. The URI
      # must be built from address, or it would read host:5432:5432.
      address     = "mlflow-test-db.c9akciq32.eu-west-2.rds.amazonaws.com"
      endpoint    = "mlflow-test-db.c9akciq32.eu-west-2.rds.amazonaws.com:5432"
      resource_id = "db-ABCDEFGHIJKLMNOPQRSTUVWXY"
      arn         = "arn:aws:rds:eu-west-2:123456789012:db:mlflow-test-db"
      port        = 5432
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:rds!db-0123abcd-AbCdEf"
        secret_status = "active"
        kms_key_id    = "arn:aws:kms:eu-west-2:123456789012:key/0123abcd"
      }]
    }
  }

  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:mlflow-test-db-credentials-AbCdEf"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mlflow-test-role"
    }
  }

  mock_resource "aws_lb" {
    defaults = {
      arn      = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/mlflow-test/0123456789abcdef"
      dns_name = "mlflow-test-123456789.eu-west-2.elb.amazonaws.com"
    }
  }

  mock_resource "aws_lb_target_group" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:eu-west-2:123456789012:targetgroup/mlflow-test-tg/0123456789abcdef"
    }
  }

  # alarms.tf: every alarm notifies the topic, and the provider checks the ARN.
  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-2:123456789012:mlflow-test-alarms"
    }
  }

  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-2:123456789012:cluster/mlflow-test"
    }
  }


  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-2:123456789012:task-definition/mlflow-test:1"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::mlflow-test-logs-123456789012-eu-west-2"
    }
  }

  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/mlflow-test/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    }
  }
}

variables {
  name                = "mlflow-test"
  environment         = "test"
  mlflow_image_digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
}

run "the_task_gets_secrets_only_by_reference" {
  command = apply

  assert {
    condition     = jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["secrets"][0] == { name = "PGPASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:rds!db-0123abcd-AbCdEf:password::" }
    error_message = "PGPASSWORD must come from the RDS-managed secret's password key."
  }

  assert {
    condition = toset([for s in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["secrets"] : s.name]) == toset([
      "PGPASSWORD", "MLFLOW_FLASK_SERVER_SECRET_KEY",
      "MLFLOW_DEPLOY_ADMIN_USERNAME", "MLFLOW_DEPLOY_ADMIN_PASSWORD",
      "MLFLOW_DEPLOY_VERIFIER_USERNAME", "MLFLOW_DEPLOY_VERIFIER_PASSWORD",
    ])
    error_message = "With basic-auth the container must get exactly the DB password and the three auth secrets by reference."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["secrets"] : startswith(s.valueFrom, "arn:aws:secretsmanager:")])
    error_message = "Every secret must be a Secrets Manager reference."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.execution_secrets.statement).actions == toset(["secretsmanager:GetSecretValue"]) && toset(one(data.aws_iam_policy_document.execution_secrets.statement).resources) == toset([for s in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["secrets"] : join(":", slice(split(":", s.valueFrom), 0, 7))])
    error_message = "The execution role must read exactly the secrets the container injects."
  }

  assert {
    condition     = length(aws_secretsmanager_secret.auth) == 3 && alltrue([for s in aws_secretsmanager_secret.auth : s.recovery_window_in_days == 7])
    error_message = "basic-auth needs the admin, verifier and Flask secret key containers."
  }

  assert {
    condition     = output.verifier_secret_arn == aws_secretsmanager_secret.auth["verifier"].arn && output.admin_secret_arn == aws_secretsmanager_secret.auth["admin"].arn
    error_message = "The verifier's secret ARN must be an output, for the bootstrap's plan-role grant."
  }
}

run "the_backend_store_uri_is_a_plain_password_less_variable_never_a_flag" {
  command = apply

  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["environment"] : e.value if e.name == "MLFLOW_BACKEND_STORE_URI"]) == "postgresql://mlflow@mlflow-test-db.c9akciq32.eu-west-2.rds.amazonaws.com:5432/mlflow?sslmode=require"
    error_message = "MLFLOW_BACKEND_STORE_URI must be the password-less URI, as a plain environment variable."
  }

  assert {
    condition     = !contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--backend-store-uri") && !anytrue([for w in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"] : strcontains(w, "postgresql://")])
    error_message = "The backend-store URI must never be on the command line."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"][0] == "serve" && !contains(keys(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]), "entryPoint")
    error_message = "The image's entrypoint must run serve (no shell, no entryPoint override)."
  }
}

run "the_image_is_pinned_by_digest_and_runs_read_only_without_root" {
  command = apply

  assert {
    condition     = jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["image"] == "123456789012.dkr.ecr.eu-west-2.amazonaws.com/mlflow-deploy@sha256:1111111111111111111111111111111111111111111111111111111111111111"
    error_message = "The task definition must pin <the account's image repository>@<digest>."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["readonlyRootFilesystem"] == true && jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["user"] == "10001:10001"
    error_message = "The container must run as the image's non-root user on a read-only root filesystem."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["mountPoints"] == [{ sourceVolume = "scratch", containerPath = "/tmp", readOnly = false }] && one(aws_ecs_task_definition.mlflow.volume).name == "scratch"
    error_message = "The only writable place must be the scratch volume on /tmp."
  }

  assert {
    condition     = aws_ecs_task_definition.mlflow.tags["mlflow-deploy:mlflow-version"] == "2.18.0"
    error_message = "The task definition must record its MLflow version for the init hook's snapshot name."
  }
}

run "the_opt_out_runs_any_image_by_reference" {
  command = plan

  variables {
    mlflow_image_digest = null
    mlflow_image        = "ghcr.io/acme/mlflow-deploy:2.18.0"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["image"] == "ghcr.io/acme/mlflow-deploy:2.18.0"
    error_message = "mlflow_image must replace the pinned image."
  }
}

run "server_flags_carry_the_timeout_workers_and_the_auth_app" {
  command = apply

  # Three workers at four tasks open more connections than db.t3.micro
  # accepts (db_connections.tf); db.t4g.small holds them.
  variables {
    gunicorn_workers         = 3
    gunicorn_timeout_seconds = 1200
    db_instance_class        = "db.t4g.small"
  }

  assert {
    condition = jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"] == [
      "serve", "--host", "0.0.0.0", "--port", "5000", "--workers", "3",
      "--gunicorn-opts", "--timeout 1200 --graceful-timeout 50",
      "--app-name", "basic-auth",
      "--serve-artifacts", "--artifacts-destination", "s3://mlflow-test-artifacts-123456789012-eu-west-2/mlflow-artifacts",
    ]
    error_message = "Unexpected server command: ${jsonencode(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"])}"
  }
}

run "auth_off_has_no_auth_app_and_no_auth_secrets" {
  command = apply

  variables {
    auth_mode = "none"
  }

  assert {
    condition     = !contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--app-name") && length(aws_secretsmanager_secret.auth) == 0
    error_message = "Without auth there is no auth app and no auth secret."
  }

  assert {
    condition     = [for s in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["secrets"] : s.name] == ["PGPASSWORD"] && one(data.aws_iam_policy_document.execution_secrets.statement).resources == toset([aws_db_instance.mlflow.master_user_secret[0].secret_arn])
    error_message = "Without auth the container gets, and the execution role reads, only the DB secret."
  }

  assert {
    condition     = output.verifier_secret_arn == null && !anytrue([for e in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["environment"] : startswith(e.name, "MLFLOW_DEPLOY_AUTH_")])
    error_message = "Without auth nothing auth-related may be configured."
  }
}

run "direct_artifacts_use_only_the_direct_flags_and_the_task_role_gets_no_s3" {
  command = apply

  variables {
    artifact_mode = "direct"
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--no-serve-artifacts") && contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--default-artifact-root") && !contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--serve-artifacts") && !contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--artifacts-destination")
    error_message = "Direct mode must use --no-serve-artifacts --default-artifact-root only."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.task.statement : s.sid] == ["RefreshRotatedDbPassword"]
    error_message = "In direct mode the task role must have no S3 access."
  }
}

run "proxied_artifacts_use_only_the_proxied_flags" {
  command = plan

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--serve-artifacts") && contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--artifacts-destination") && !contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--no-serve-artifacts") && !contains(jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["command"], "--default-artifact-root")
    error_message = "Proxied mode must use --serve-artifacts --artifacts-destination only."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.task.statement : s.sid] == ["ListArtifactPrefix", "ReadWriteArtifacts", "RefreshRotatedDbPassword"]
    error_message = "Proxied mode: the task role reaches the artifact prefix and the DB secret (password refresh)."
  }
}

run "no_password_refresh_means_no_secret_read_by_the_task_role" {
  command = plan

  variables {
    db_password_refresh_seconds = 0
    artifact_mode               = "direct"
  }

  assert {
    condition     = length(aws_iam_role_policy.task) == 0 && !anytrue([for e in jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["environment"] : e.name == "MLFLOW_DEPLOY_DB_SECRET_ARN"])
    error_message = "Without refresh and without proxied artifacts the task role has no permissions at all."
  }
}

run "the_init_task_is_replaced_when_the_version_or_image_changes" {
  command = apply

  assert {
    condition     = terraform_data.mlflow_init.triggers_replace.mlflow_version == "2.18.0" && terraform_data.mlflow_init.triggers_replace.image == jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0]["image"] && terraform_data.mlflow_init.triggers_replace.auth_mode == "basic-auth"
    error_message = "The init task must be keyed on the image, the MLflow version and the auth mode."
  }
}

run "a_version_bump_replaces_the_init_task" {
  command = plan

  variables {
    mlflow_version = "2.19.0"
  }

  assert {
    condition     = terraform_data.mlflow_init.triggers_replace.mlflow_version == "2.19.0"
    error_message = "A new version must change the init task's trigger (and so replace it: a migration runs)."
  }
}

run "rejects_both_an_image_and_a_digest" {
  command = plan
  variables {
    mlflow_image = "ghcr.io/acme/mlflow-deploy:2.18.0"
  }
  expect_failures = [var.mlflow_image_digest]
}

run "rejects_neither_an_image_nor_a_digest" {
  command = plan
  variables {
    mlflow_image_digest = null
  }
  expect_failures = [var.mlflow_image_digest]
}

run "rejects_a_tag_as_digest" {
  command = plan
  variables {
    mlflow_image_digest = "2.18.0"
  }
  expect_failures = [var.mlflow_image_digest]
}

run "rejects_an_unknown_auth_mode" {
  command = plan
  variables {
    auth_mode = "oidc"
  }
  expect_failures = [var.auth_mode]
}

run "rejects_an_unknown_artifact_mode" {
  command = plan
  variables {
    artifact_mode = "both"
  }
  expect_failures = [var.artifact_mode]
}

run "rejects_a_timeout_too_short_for_uploads" {
  command = plan
  variables {
    gunicorn_timeout_seconds = 10
  }
  expect_failures = [var.gunicorn_timeout_seconds]
}

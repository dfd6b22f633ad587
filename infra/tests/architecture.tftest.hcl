# Offline checks of the security-relevant shape of the stack. The provider is
# mocked: no AWS, no emulator. Values the mock cannot invent (availability
# zones, policy JSON, ARNs the provider validates) are given below.

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
      arn = "arn:aws:s3:::mlflow-test-bucket"
    }
  }

  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/mlflow-test/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    }
  }
}

# The apply runs execute init.tf's provisioner: run these tests with
# MLFLOW_DEPLOY_INIT_HOOK=true (a hook that does nothing), as
# tests/MlflowDeploy.Tests/Infra/TerraformModuleTests.cs does.
variables {
  name                = "mlflow-test"
  environment         = "test"
  mlflow_image_digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
}

run "database_is_encrypted_private_and_password_managed_by_rds" {
  command = apply

  assert {
    condition     = aws_db_instance.mlflow.storage_encrypted == true
    error_message = "The database must be encrypted at rest."
  }

  assert {
    condition     = aws_db_instance.mlflow.publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.mlflow.engine == "postgres" && aws_db_instance.mlflow.engine_version == "15.10"
    error_message = "With db_engine_version empty, the newest minor of the major (from the lookup) must be used."
  }

  assert {
    condition     = aws_db_subnet_group.mlflow.subnet_ids == toset(aws_subnet.private[*].id)
    error_message = "The database must live in the private subnets only."
  }

  assert {
    condition     = aws_db_instance.mlflow.manage_master_user_password == true && aws_db_instance.mlflow.password == null && aws_db_instance.mlflow.password_wo == null
    error_message = "RDS must manage the master password (manage_master_user_password); Terraform must never hold it."
  }

  assert {
    condition     = aws_db_instance.mlflow.backup_retention_period == 7 && aws_db_instance.mlflow.max_allocated_storage == 100 && aws_db_instance.mlflow.allocated_storage == 20
    error_message = "Backups (7 days) and storage autoscaling (20 -> 100 GiB) must be on by default."
  }

  assert {
    condition     = aws_db_instance.mlflow.skip_final_snapshot == false && startswith(aws_db_instance.mlflow.final_snapshot_identifier, "mlflow-test-db-final-")
    error_message = "By default destroy must take a uniquely named final snapshot."
  }

  assert {
    condition     = one([for p in aws_db_parameter_group.mlflow.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "The database must refuse unencrypted connections (rds.force_ssl = 1)."
  }
}

run "backend_store_uri_uses_address_once_and_holds_no_password" {
  command = apply

  assert {
    condition     = output.backend_store_uri == "postgresql://mlflow@mlflow-test-db.c9akciq32.eu-west-2.rds.amazonaws.com:5432/mlflow?sslmode=require"
    error_message = "Unexpected backend-store URI shape: ${output.backend_store_uri}"
  }

  assert {
    condition     = length(regexall(":5432", output.backend_store_uri)) == 1
    error_message = "The backend-store URI must hold the port exactly once (address, not endpoint)."
  }
}

run "tasks_run_privately_behind_the_load_balancer" {
  command = apply

  assert {
    condition     = one(aws_ecs_service.mlflow.network_configuration).assign_public_ip == false
    error_message = "Tasks must not get public IPs."
  }

  assert {
    condition     = one(aws_ecs_service.mlflow.network_configuration).subnets == toset(aws_subnet.private[*].id)
    error_message = "Tasks must run in the private subnets."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.private : !s.map_public_ip_on_launch]) && alltrue([for s in aws_subnet.public : !s.map_public_ip_on_launch])
    error_message = "No subnet may hand out public IPs by default."
  }

  assert {
    condition     = one(aws_ecs_service.mlflow.deployment_circuit_breaker).enable && one(aws_ecs_service.mlflow.deployment_circuit_breaker).rollback
    error_message = "The deployment circuit breaker must be on, with rollback."
  }

  assert {
    condition     = aws_ecs_service.mlflow.wait_for_steady_state == false && aws_ecs_service.mlflow.desired_count == 2
    error_message = "The service must not wait for steady state (Verify does) and must run 2 tasks by default."
  }

  assert {
    condition     = aws_ecs_service.mlflow.health_check_grace_period_seconds == 180 && aws_ecs_service.mlflow.availability_zone_rebalancing == "ENABLED"
    error_message = "The service must give new tasks a grace period and rebalance across AZs."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.mlflow.container_definitions)[0].logConfiguration.options["awslogs-group"] == "/ecs/mlflow-test"
    error_message = "Container logs must go to /ecs/<name>."
  }

  assert {
    condition     = aws_ecs_task_definition.mlflow.cpu == "512" && aws_ecs_task_definition.mlflow.memory == "1024"
    error_message = "Default task size must be 512 CPU / 1024 MiB."
  }
}

run "artifact_bucket_is_locked_down" {
  command = apply

  assert {
    condition = (
      aws_s3_bucket_public_access_block.artifacts[0].block_public_acls &&
      aws_s3_bucket_public_access_block.artifacts[0].block_public_policy &&
      aws_s3_bucket_public_access_block.artifacts[0].ignore_public_acls &&
      aws_s3_bucket_public_access_block.artifacts[0].restrict_public_buckets
    )
    error_message = "All four S3 public access blocks must be on."
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.artifacts[0].versioning_configuration).status == "Enabled"
    error_message = "The artifact bucket must be versioned."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.artifacts[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The artifact bucket must encrypt objects at rest."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.artifacts[0].rule).object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled on the artifact bucket."
  }

  assert {
    condition     = output.artifact_bucket_name == "mlflow-test-artifacts-123456789012-eu-west-2"
    error_message = "The derived bucket name must hold the account and region."
  }
}

run "security_groups_form_a_chain" {
  command = apply

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.alb : r.from_port]) == toset([80]) && alltrue([for r in aws_vpc_security_group_ingress_rule.alb : r.cidr_ipv4 == "0.0.0.0/0" && r.to_port == r.from_port])
    error_message = "Without a certificate the ALB must accept only port 80 from the allowed CIDRs."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.ecs_from_alb.security_group_id == aws_security_group.ecs.id &&
      aws_vpc_security_group_ingress_rule.ecs_from_alb.referenced_security_group_id == aws_security_group.alb.id &&
      aws_vpc_security_group_ingress_rule.ecs_from_alb.from_port == 5000 &&
      aws_vpc_security_group_ingress_rule.ecs_from_alb.to_port == 5000 &&
      aws_vpc_security_group_ingress_rule.ecs_from_alb.cidr_ipv4 == null
    )
    error_message = "Tasks must accept 5000 only from the ALB security group."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.rds_from_ecs.security_group_id == aws_security_group.rds.id &&
      aws_vpc_security_group_ingress_rule.rds_from_ecs.referenced_security_group_id == aws_security_group.ecs.id &&
      aws_vpc_security_group_ingress_rule.rds_from_ecs.from_port == 5432 &&
      aws_vpc_security_group_ingress_rule.rds_from_ecs.to_port == 5432 &&
      aws_vpc_security_group_ingress_rule.rds_from_ecs.cidr_ipv4 == null
    )
    error_message = "The database must accept 5432 only from the task security group."
  }

  # Nothing else inbound: the only ingress rules on the task and database
  # groups are the two above, and no group carries inline rules.
  assert {
    condition = (
      length([for r in aws_vpc_security_group_ingress_rule.alb : r if r.security_group_id != aws_security_group.alb.id]) == 0 &&
      alltrue([for sg in [aws_security_group.alb, aws_security_group.ecs, aws_security_group.rds] : length(sg.ingress) == 0])
    )
    error_message = "Only the declared ingress rules may exist."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.alb_to_ecs.referenced_security_group_id == aws_security_group.ecs.id && aws_vpc_security_group_egress_rule.alb_to_ecs.from_port == 5000
    error_message = "The ALB may send traffic only to the tasks on 5000."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.ecs_to_rds.referenced_security_group_id == aws_security_group.rds.id && aws_vpc_security_group_egress_rule.ecs_to_rds.from_port == 5432
    error_message = "The tasks may reach the database only on 5432."
  }
}

run "https_listener_redirects_http_when_a_certificate_is_given" {
  command = plan

  variables {
    certificate_arn = "arn:aws:acm:eu-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
    mlflow_hostname = "mlflow.example.com"
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "A certificate must add an HTTPS listener with a TLS 1.2+ policy."
  }

  assert {
    condition     = one(aws_lb_listener.http.default_action).type == "redirect"
    error_message = "With HTTPS on, port 80 must redirect."
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.alb : r.from_port]) == toset([80, 443])
    error_message = "With HTTPS on, the ALB must accept 80 and 443."
  }

  assert {
    condition     = output.mlflow_url == "https://mlflow.example.com"
    error_message = "mlflow_url must use https and the configured host name."
  }
}

run "pinned_engine_version_skips_the_lookup" {
  command = plan

  variables {
    db_engine_version = "15.8"
  }

  assert {
    condition     = length(data.aws_rds_engine_version.postgres) == 0 && aws_db_instance.mlflow.engine_version == "15.8"
    error_message = "A pinned version must be used as is, without reading DescribeDBEngineVersions."
  }
}

run "existing_bucket_creates_nothing_but_is_still_the_policy_target" {
  command = plan

  variables {
    create_artifact_bucket = false
    artifact_bucket_name   = "my-existing-mlflow-artifacts"
  }

  assert {
    condition     = length(aws_s3_bucket.artifacts) == 0 && length(aws_s3_bucket_policy.artifacts) == 0
    error_message = "With an existing bucket nothing S3-side may be created."
  }

  assert {
    condition     = local.artifact_bucket_arn == "arn:aws:s3:::my-existing-mlflow-artifacts" && output.artifacts_destination == "s3://my-existing-mlflow-artifacts/mlflow-artifacts"
    error_message = "The task role and the server must target the existing bucket."
  }
}

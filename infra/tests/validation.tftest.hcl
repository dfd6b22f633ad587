# Each run feeds one bad input and expects exactly that variable's validation
# to reject it, before anything reaches AWS.

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-2a", "eu-west-2b"]
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
}

variables {
  name                = "mlflow-test"
  environment         = "test"
  db_engine_version   = "15.8"
  mlflow_image_digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
}

run "valid_inputs_plan_cleanly" {
  command = plan

  assert {
    condition     = aws_ecs_task_definition.mlflow.cpu == "512"
    error_message = "The baseline inputs must plan; otherwise the failures below prove nothing."
  }
}

run "rejects_a_malformed_region" {
  command = plan
  variables {
    region = "europe-west2"
  }
  expect_failures = [var.region]
}

run "rejects_an_invalid_fargate_cpu_memory_pair" {
  command = plan
  variables {
    task_cpu    = 512
    task_memory = 512
  }
  expect_failures = [var.task_memory]
}

run "rejects_a_cpu_size_fargate_lacks" {
  command = plan
  variables {
    task_cpu = 768
  }
  expect_failures = [var.task_cpu]
}

run "accepts_a_large_valid_pair" {
  command = plan
  variables {
    task_cpu    = 4096
    task_memory = 30720
  }
}

run "rejects_a_negative_desired_count" {
  command = plan
  variables {
    desired_count = -1
  }
  expect_failures = [var.desired_count]
}

run "rejects_a_desired_count_outside_the_autoscaling_range" {
  command = plan
  variables {
    desired_count = 9
  }
  expect_failures = [var.desired_count]
}

run "rejects_a_malformed_bucket_name" {
  command = plan
  variables {
    artifact_bucket_name = "My_Artifacts"
  }
  expect_failures = [var.artifact_bucket_name]
}

run "rejects_a_bucket_name_shaped_like_an_ip_address" {
  command = plan
  variables {
    artifact_bucket_name = "192.168.10.12"
  }
  expect_failures = [var.artifact_bucket_name]
}

run "rejects_an_existing_bucket_without_a_name" {
  command = plan
  variables {
    create_artifact_bucket = false
  }
  expect_failures = [var.create_artifact_bucket]
}

run "rejects_an_invalid_stack_name" {
  command = plan
  variables {
    name = "MLflow_Prod"
  }
  expect_failures = [var.name]
}

run "rejects_a_bad_vpc_cidr" {
  command = plan
  variables {
    vpc_cidr = "10.0.0.0/28"
  }
  expect_failures = [var.vpc_cidr]
}

run "rejects_zero_backup_retention" {
  command = plan
  variables {
    db_backup_retention_days = 0
  }
  expect_failures = [var.db_backup_retention_days]
}

run "rejects_an_engine_version_outside_the_major" {
  command = plan
  variables {
    db_engine_version = "16.4"
  }
  expect_failures = [var.db_engine_version]
}

run "rejects_zero_gunicorn_workers" {
  command = plan
  variables {
    gunicorn_workers = 0
  }
  expect_failures = [var.gunicorn_workers]
}

run "rejects_a_malformed_account_id" {
  command = plan
  variables {
    expected_account_id = "12345"
  }
  expect_failures = [var.expected_account_id]
}

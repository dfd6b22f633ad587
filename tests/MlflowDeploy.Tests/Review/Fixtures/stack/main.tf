# A small stand-in for the real stack: enough resource kinds to exercise every plan shape the review
# must handle (stateful RDS/S3/secret/log group, an ECS service that changes in place, sensitive
# variables and outputs). The real stack's folder can be passed to make-plan-fixtures.sh instead.
terraform {
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-2"
}

variable "name" {
  type    = string
  default = "mlflow-fixture"
}

variable "desired_count" {
  type    = number
  default = 1
}

variable "db_identifier" {
  type    = string
  default = "mlflow-fixture-db"
}

# db_name forces a new instance (identifier no longer does: provider 5.x renames in place).
variable "db_name" {
  type    = string
  default = "mlflow"
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_vpc" "this" {
  cidr_block           = "10.42.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = var.name }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)
  availability_zone = "${var.region}${["a", "b"][count.index]}"
  tags              = { Name = "${var.name}-private-${count.index}" }
}

resource "aws_security_group" "service" {
  name   = "${var.name}-service"
  vpc_id = aws_vpc.this.id
}

resource "aws_cloudwatch_log_group" "service" {
  name              = "/ecs/${var.name}"
  retention_in_days = 14
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "${var.name}-artifacts"
}

resource "aws_secretsmanager_secret" "db" {
  name                    = "${var.name}/db"
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ username = "mlflow", password = var.db_password })
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "this" {
  identifier           = var.db_identifier
  engine               = "postgres"
  engine_version       = "15.7"
  instance_class       = "db.t4g.micro"
  allocated_storage    = 20
  db_name              = var.db_name
  username             = "mlflow"
  password             = var.db_password
  db_subnet_group_name = aws_db_subnet_group.this.name
  skip_final_snapshot  = true
}

resource "aws_ecs_cluster" "this" {
  name = var.name
}

resource "aws_ecs_task_definition" "mlflow" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  container_definitions = jsonencode([{
    name         = "mlflow"
    image        = "ghcr.io/mlflow/mlflow:v2.17.2"
    essential    = true
    cpu          = 512
    memory       = 1024
    portMappings = [{ containerPort = 5000, protocol = "tcp" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.service.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "mlflow"
      }
    }
  }])
}

resource "aws_ecs_service" "mlflow" {
  name            = var.name
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.mlflow.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"
  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.service.id]
  }
}

output "bucket" {
  value = aws_s3_bucket.artifacts.bucket
}

output "db_endpoint" {
  value = aws_db_instance.this.address
}

output "db_connection_uri" {
  value     = "postgresql://mlflow:${var.db_password}@${aws_db_instance.this.address}/mlflow"
  sensitive = true
}

namespace MlflowDeploy.Preflight;

/// <summary>
/// What Validate adds to its copy of <c>infra/</c> to render the stack offline: outputs that expose the evaluated
/// settings and the RDS-managed secret's ARN, and a terraform test run with a mock AWS provider. Placeholders are
/// obviously fake; the stack itself holds no secret value to stand in for.
/// </summary>
public static class StackRenderFiles
{
    public const string PlaceholderDbAddress = "db.placeholder.internal";
    public const int PlaceholderDbPort = 5432;

    /// <summary>Not a real account, so a derived name holding it is recognisably a placeholder.</summary>
    public const string PlaceholderAccountId = "000000000000";

    /// <summary>The secret RDS would create for the master password (manage_master_user_password).</summary>
    public const string PlaceholderDbSecretArn = "arn:aws:secretsmanager:eu-west-2:" + PlaceholderAccountId + ":secret:rds!db-placeholder-AbCdEf";

    public const string TestDirectory = "preflight-tests";

    public static string Placeholders => $$"""
        # Written by Validate into its rendering copy of infra/; never part of a deployment.
        output "preflight_db_secret_arn" {
          value = aws_db_instance.mlflow.master_user_secret[0].secret_arn
        }

        output "preflight_settings" {
          value = {
            name                    = var.name
            environment             = var.environment
            region                  = var.region
            https_enabled           = local.https_enabled
            allow_plain_http        = var.allow_plain_http
            expected_account_id     = var.expected_account_id
            certificate_arn         = var.certificate_arn
            create_artifact_bucket  = var.create_artifact_bucket
            artifact_bucket_name    = var.artifact_bucket_name
            db_engine_major_version = var.db_engine_major_version
            db_engine_version       = var.db_engine_version
            db_instance_class       = var.db_instance_class
            db_multi_az             = var.db_multi_az
            gunicorn_workers        = var.gunicorn_workers
            task_memory             = var.task_memory
          }
        }

        """;

    private const string Arn = "arn:aws:{0}:eu-west-2:" + PlaceholderAccountId + ":{1}";

    public static string RenderTest => $$"""
        # Written by Validate: plans the stack once with a mock AWS provider, so every expression of infra/ is
        # evaluated with placeholder values and nothing is called or created.
        mock_provider "aws" {
          override_during = plan

          mock_data "aws_caller_identity" {
            defaults = { account_id = "{{PlaceholderAccountId}}" }
          }
          mock_data "aws_partition" {
            defaults = { partition = "aws" }
          }
          mock_data "aws_availability_zones" {
            defaults = { names = ["placeholder-az-a", "placeholder-az-b"] }
          }
          mock_data "aws_iam_policy_document" {
            defaults = { json = "{}" }
          }
          mock_data "aws_rds_engine_version" {
            defaults = { version_actual = "placeholder" }
          }
          mock_resource "aws_iam_role" {
            defaults = { arn = "arn:aws:iam::{{PlaceholderAccountId}}:role/placeholder" }
          }
          mock_resource "aws_secretsmanager_secret" {
            defaults = { arn = "{{string.Format(Arn, "secretsmanager", "secret:placeholder-AbCdEf")}}" }
          }
          mock_resource "aws_lb" {
            defaults = {
              arn        = "{{string.Format(Arn, "elasticloadbalancing", "loadbalancer/app/placeholder/0123456789abcdef")}}"
              arn_suffix = "app/placeholder/0123456789abcdef"
              dns_name   = "placeholder.elb.amazonaws.com"
            }
          }
          mock_resource "aws_lb_target_group" {
            defaults = {
              arn        = "{{string.Format(Arn, "elasticloadbalancing", "targetgroup/placeholder/0123456789abcdef")}}"
              arn_suffix = "targetgroup/placeholder/0123456789abcdef"
            }
          }
          mock_resource "aws_ecs_cluster" {
            defaults = { arn = "{{string.Format(Arn, "ecs", "cluster/placeholder")}}" }
          }
          mock_resource "aws_ecs_task_definition" {
            defaults = { arn = "{{string.Format(Arn, "ecs", "task-definition/placeholder:1")}}" }
          }
          mock_resource "aws_cloudwatch_log_group" {
            defaults = { arn = "{{string.Format(Arn, "logs", "log-group:placeholder")}}" }
          }
          mock_resource "aws_ecr_repository" {
            defaults = {
              arn            = "{{string.Format(Arn, "ecr", "repository/placeholder")}}"
              repository_url = "{{PlaceholderAccountId}}.dkr.ecr.eu-west-2.amazonaws.com/placeholder"
            }
          }
          mock_resource "aws_s3_bucket" {
            defaults = { arn = "arn:aws:s3:::placeholder" }
          }
          mock_resource "aws_wafv2_web_acl" {
            defaults = { arn = "{{string.Format(Arn, "wafv2", "regional/webacl/placeholder/00000000-0000-0000-0000-000000000000")}}" }
          }
          mock_resource "aws_acm_certificate" {
            defaults = { arn = "{{string.Format(Arn, "acm", "certificate/00000000-0000-0000-0000-000000000000")}}" }
          }
        }

        # As RDS reports an instance: address is the bare host, endpoint is "host:port".
        override_resource {
          target          = aws_db_instance.mlflow
          override_during = plan
          values = {
            address     = "{{PlaceholderDbAddress}}"
            endpoint    = "{{PlaceholderDbAddress}}:{{PlaceholderDbPort}}"
            port        = {{PlaceholderDbPort}}
            resource_id = "db-PLACEHOLDER"
            master_user_secret = [{
              secret_arn    = "{{PlaceholderDbSecretArn}}"
              secret_status = "active"
              kms_key_id    = "{{string.Format(Arn, "kms", "key/placeholder")}}"
            }]
          }
        }

        run "render" {
          command = plan
        }

        """;
}

# ---------------------------------------------------------------------------
# Identity and placement
# ---------------------------------------------------------------------------

variable "name" {
  description = "Name of the stack; prefixes every resource name. Lowercase letters, digits and hyphens, 3-24 characters (the ALB and target group names allow 32, the derived bucket name 63)."
  type        = string
  default     = "mlflow"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 3-24 characters of lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit."
  }
}

variable "environment" {
  description = "Environment label (local, staging, production, ...). Used in tags only."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,31}$", var.environment))
    error_message = "environment must be 2-32 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "eu-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like an AWS region, e.g. eu-west-2 or us-gov-west-1."
  }
}

variable "expected_account_id" {
  description = "When set, the AWS provider refuses to run against any other account (provider allowed_account_ids). Set it for shared environments."
  type        = string
  default     = null

  validation {
    condition     = var.expected_account_id == null || can(regex("^[0-9]{12}$", var.expected_account_id))
    error_message = "expected_account_id must be a 12-digit AWS account id, or null."
  }
}

variable "tags" {
  description = "Extra tags applied to every resource through the provider's default_tags."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the VPC. Split into four equal /(prefix+4) subnets: two public, two private."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24, false)
    error_message = "vpc_cidr must be a valid IPv4 CIDR block with a prefix between /16 and /24."
  }
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per AZ instead of one for the stack: the tasks of a surviving AZ keep their outbound access (image pull, Secrets Manager, CloudWatch Logs, S3) when the other AZ fails. Costs one more NAT gateway and address."
  type        = bool
  default     = false
}

variable "alb_ingress_cidrs" {
  description = "IPv4 CIDR blocks allowed to reach the load balancer on 80 (and 443 with HTTPS). 0.0.0.0/0 opens it to the internet: do that only with HTTPS, login and the WAF in front, and say so in the tfvars (production.tfvars does)."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.alb_ingress_cidrs) > 0 && alltrue([for c in var.alb_ingress_cidrs : can(cidrhost(c, 0))])
    error_message = "alb_ingress_cidrs must hold at least one valid IPv4 CIDR block."
  }
}

variable "alb_internal" {
  description = "Make the load balancer internal: it sits in the private subnets and is reachable only from the VPC and networks connected to it (VPN, Direct Connect, peering), never from the internet."
  type        = bool
  default     = false
}

variable "alb_deletion_protection" {
  description = "Enable deletion protection on the load balancer. A teardown then needs an apply with it off first."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------
# HTTPS and DNS
# ---------------------------------------------------------------------------

variable "certificate_arn" {
  description = "Existing ACM certificate (same region as the stack) for the HTTPS listener. When HTTPS is on (this, or route53_zone_id), port 80 only redirects to 443."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), or null."
  }
}

variable "route53_zone_id" {
  description = "Route 53 public hosted zone that holds mlflow_hostname. Without certificate_arn, a certificate for mlflow_hostname is requested in ACM and DNS-validated in this zone; with create_dns_record, an alias record points mlflow_hostname at the load balancer."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || (can(regex("^[A-Z0-9]{1,32}$", var.route53_zone_id)) && var.mlflow_hostname != null)
    error_message = "route53_zone_id must be a hosted zone id such as Z0123456789ABCDEFGHIJ (without /hostedzone/), and mlflow_hostname must be set with it."
  }
}

variable "mlflow_hostname" {
  description = "DNS name clients use (e.g. mlflow.example.com). Used in the mlflow_url output instead of the ALB's own DNS name, which no certificate covers. The record is created only with route53_zone_id and create_dns_record; otherwise point it at the alb_dns_name output yourself."
  type        = string
  default     = null

  validation {
    condition     = var.mlflow_hostname == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.mlflow_hostname))
    error_message = "mlflow_hostname must be a lowercase DNS name such as mlflow.example.com, or null."
  }
}

variable "create_dns_record" {
  description = "With route53_zone_id: create the alias A record mlflow_hostname -> load balancer. false when the name is managed elsewhere."
  type        = bool
  default     = true
}

variable "allow_plain_http" {
  description = "Acknowledge serving MLflow over plain HTTP (no certificate_arn, no route53_zone_id). Credentials and every experiment then cross the network in clear text; Validate refuses staging and production without HTTPS unless this is true. Local environments set it."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------
# Web application firewall
# ---------------------------------------------------------------------------

variable "waf_enabled" {
  description = "Put an AWS WAF web ACL in front of the load balancer: AWS managed common rule set, known bad inputs, and a per-client-IP rate limit."
  type        = bool
  default     = true
}

variable "waf_rate_limit" {
  description = "Requests one client IP may send in 5 minutes before the WAF blocks it. MLflow's client sends one request per log_metric/log_param call, and a team behind one NAT address shares the budget; the default (20 requests/s sustained) leaves room for several busy training hosts and still stops floods and password guessing."
  type        = number
  default     = 6000

  validation {
    condition     = var.waf_rate_limit >= 100 && var.waf_rate_limit <= 2000000000 && floor(var.waf_rate_limit) == var.waf_rate_limit
    error_message = "waf_rate_limit must be a whole number from 100 to 2000000000 (requests per client IP per 5 minutes)."
  }
}

variable "waf_common_rules_count_only" {
  description = "Rules of AWSManagedRulesCommonRuleSet that only count instead of block. SizeRestrictions_BODY blocks request bodies over 8 KB, which would block MLflow artifact uploads and large log-batch calls; add CrossSiteScripting_BODY if your artifacts (HTML reports) trip it."
  type        = list(string)
  default     = ["SizeRestrictions_BODY"]

  validation {
    condition     = alltrue([for r in var.waf_common_rules_count_only : can(regex("^[A-Za-z0-9_]{1,128}$", r))])
    error_message = "waf_common_rules_count_only must hold rule names of AWSManagedRulesCommonRuleSet, such as SizeRestrictions_BODY."
  }
}

# ---------------------------------------------------------------------------
# Logs, retention and data lifecycle
# ---------------------------------------------------------------------------

variable "alb_access_logs_enabled" {
  description = "Write load balancer access logs to the stack's log bucket (<name>-logs-<account>-<region>), kept for log_retention_days."
  type        = bool
  default     = true
}

variable "vpc_flow_logs_enabled" {
  description = "Record VPC flow logs (all traffic) into the stack's log bucket, kept for log_retention_days. S3 rather than CloudWatch Logs: cheaper, and no IAM role for the deploy role to create."
  type        = bool
  default     = true
}

variable "log_bucket_force_destroy" {
  description = "Let destroy delete the log bucket while it still holds logs. Keep false where logs are evidence (production)."
  type        = bool
  default     = false
}

variable "artifact_lifecycle_enabled" {
  description = "Lifecycle rule on a created artifact bucket: expire noncurrent object versions after artifact_noncurrent_version_days and abort multipart uploads left incomplete for 7 days."
  type        = bool
  default     = true
}

variable "artifact_noncurrent_version_days" {
  description = "Days an overwritten or deleted artifact stays recoverable as a noncurrent version before S3 expires it."
  type        = number
  default     = 90

  validation {
    condition     = var.artifact_noncurrent_version_days >= 1 && floor(var.artifact_noncurrent_version_days) == var.artifact_noncurrent_version_days
    error_message = "artifact_noncurrent_version_days must be a whole number of days >= 1."
  }
}

variable "db_performance_insights_enabled" {
  description = "Turn on RDS Performance Insights (Database Insights standard mode), with the free 7-day retention."
  type        = bool
  default     = true
}

variable "db_log_exports_enabled" {
  description = "Export the PostgreSQL server log and the upgrade log to CloudWatch Logs (/aws/rds/instance/<name>-db/{postgresql,upgrade}), kept for log_retention_days."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------
# MLflow container and ECS service
# ---------------------------------------------------------------------------

variable "mlflow_version" {
  description = "MLflow server version: the image's MLFLOW_VERSION build argument (the container refuses to start with another), the init task's migration target, and the mlflow_version output, which Verify compares with GET /version."
  type        = string
  default     = "2.18.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.mlflow_version))
    error_message = "mlflow_version must be a release version such as 2.18.0."
  }
}

variable "gunicorn_workers" {
  description = "Number of gunicorn workers (mlflow server --workers) per task."
  type        = number
  default     = 2

  validation {
    condition     = var.gunicorn_workers >= 1 && var.gunicorn_workers <= 16 && floor(var.gunicorn_workers) == var.gunicorn_workers
    error_message = "gunicorn_workers must be a whole number from 1 to 16."
  }
}

variable "task_cpu" {
  description = "Fargate task CPU units (256, 512, 1024, 2048, 4096, 8192 or 16384)."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.task_cpu)
    error_message = "task_cpu must be one of the Fargate CPU sizes: 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
}

variable "task_memory" {
  description = "Fargate task memory in MiB; must be a valid Fargate pairing with task_cpu."
  type        = number
  default     = 1024

  validation {
    # The pairings from the Fargate task-size table.
    condition = contains(lookup({
      "256"   = [512, 1024, 2048]
      "512"   = range(1024, 4097, 1024)
      "1024"  = range(2048, 8193, 1024)
      "2048"  = range(4096, 16385, 1024)
      "4096"  = range(8192, 30721, 1024)
      "8192"  = range(16384, 61441, 4096)
      "16384" = range(32768, 122881, 8192)
    }, tostring(var.task_cpu), []), var.task_memory)
    error_message = "task_memory is not a valid Fargate size for task_cpu (e.g. 512 CPU allows 1024-4096 MiB in 1024 steps; see the Fargate task-size table)."
  }
}

variable "container_insights" {
  description = "Enable CloudWatch Container Insights on the ECS cluster."
  type        = bool
  default     = true
}

variable "desired_count" {
  description = "Number of MLflow tasks the service runs at least: the autoscaling minimum. Autoscaling adds tasks up to autoscaling_max_capacity and removes them again down to this; Terraform sets the service's own count only when it creates it (ecs.tf ignores later changes, which are autoscaling's), so raising this is what scales the service up at once. 0 stops the service without destroying anything."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number >= 0."
  }

  validation {
    # It is the autoscaling minimum, which may not exceed the maximum.
    condition     = var.desired_count <= var.autoscaling_max_capacity
    error_message = "desired_count must not exceed autoscaling_max_capacity (desired_count is the autoscaling minimum)."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds ECS ignores failing load balancer health checks after a task starts; covers the pip install and database migrations."
  type        = number
  default     = 180

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must be >= 0."
  }
}

variable "autoscaling_max_capacity" {
  description = "Highest task count the target-tracking policies may scale to. The lowest is desired_count."
  type        = number
  default     = 4

  validation {
    condition     = var.autoscaling_max_capacity >= 1 && floor(var.autoscaling_max_capacity) == var.autoscaling_max_capacity
    error_message = "autoscaling_max_capacity must be a whole number >= 1."
  }
}

variable "autoscaling_cpu_target" {
  description = "Average service CPU utilisation (percent) the CPU target-tracking policy holds."
  type        = number
  default     = 70

  validation {
    condition     = var.autoscaling_cpu_target >= 10 && var.autoscaling_cpu_target <= 95
    error_message = "autoscaling_cpu_target must be between 10 and 95."
  }
}

variable "autoscaling_memory_target" {
  description = "Average service memory utilisation (percent) the memory target-tracking policy holds."
  type        = number
  default     = 75

  validation {
    condition     = var.autoscaling_memory_target >= 10 && var.autoscaling_memory_target <= 95
    error_message = "autoscaling_memory_target must be between 10 and 95."
  }
}

variable "log_retention_days" {
  description = "Retention, in days, of every log the stack keeps: the /ecs/<name> and RDS CloudWatch log groups, and the ALB access logs and VPC flow logs in the log bucket. At least 365 in production."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }

  validation {
    # Audit and incident work needs a year of logs; a shorter production
    # retention is a mistake, not a choice.
    condition     = var.environment != "production" || var.log_retention_days >= 365
    error_message = "log_retention_days must be at least 365 when environment is production (logs are the record an incident review and an audit need)."
  }
}

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------

variable "db_engine_major_version" {
  description = "PostgreSQL major version. With db_engine_version empty, the newest minor of this major that the region offers is used."
  type        = string
  default     = "15"

  validation {
    condition     = can(regex("^[0-9]{2}$", var.db_engine_major_version))
    error_message = "db_engine_major_version must be a PostgreSQL major version such as 15."
  }
}

variable "db_engine_version" {
  description = "Exact PostgreSQL version (e.g. 15.8). Empty means look up the newest minor of db_engine_major_version in the region (needs rds:DescribeDBEngineVersions)."
  type        = string
  default     = ""

  validation {
    condition     = var.db_engine_version == "" || (can(regex("^[0-9]{2}\\.[0-9]+$", var.db_engine_version)) && startswith(var.db_engine_version, "${var.db_engine_major_version}."))
    error_message = "db_engine_version must be empty or a version such as 15.8 within db_engine_major_version."
  }
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t3.micro"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must look like db.t3.micro."
  }
}

variable "db_allocated_storage" {
  description = "Initial RDS storage in GiB."
  type        = number
  default     = 20

  validation {
    condition     = var.db_allocated_storage >= 20 && var.db_allocated_storage <= 65536
    error_message = "db_allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "db_max_allocated_storage" {
  description = "Upper bound for RDS storage autoscaling in GiB."
  type        = number
  default     = 100

  validation {
    condition     = var.db_max_allocated_storage >= var.db_allocated_storage && var.db_max_allocated_storage <= 65536
    error_message = "db_max_allocated_storage must be >= db_allocated_storage and <= 65536."
  }
}

variable "db_backup_retention_days" {
  description = "Days RDS keeps automated backups."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35 (0 would disable backups)."
  }
}

variable "db_multi_az" {
  description = "Run the database as a Multi-AZ deployment (a standby in the second AZ)."
  type        = bool
  default     = false
}

variable "db_name" {
  description = "Name of the PostgreSQL database MLflow uses."
  type        = string
  default     = "mlflow"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a lowercase letter and hold only lowercase letters, digits and underscores (max 63)."
  }
}

variable "db_username" {
  description = "Master user name of the database."
  type        = string
  default     = "mlflow"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_username)) && !contains(["admin", "postgres", "rdsadmin"], var.db_username)
    error_message = "db_username must start with a lowercase letter, hold only lowercase letters, digits and underscores, and not be a reserved name (admin, postgres, rdsadmin)."
  }
}

variable "db_deletion_protection" {
  description = "Enable RDS deletion protection. Teardown of an environment with it on needs it switched off in an apply first."
  type        = bool
  default     = true
}

variable "final_snapshot_on_destroy" {
  description = "Take a final snapshot when the database is destroyed. Keep true for production."
  type        = bool
  default     = true
}

variable "db_restore_snapshot_identifier" {
  description = "Set by the Restore task only (--snapshot): the DB snapshot a replacement instance is created from. Leave null in tfvars."
  type        = string
  default     = null
}

variable "secret_recovery_window_days" {
  description = "Days a deleted DB credentials secret can be restored. 0 deletes at once (local and throwaway environments)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

# ---------------------------------------------------------------------------
# Artifact store
# ---------------------------------------------------------------------------

variable "create_artifact_bucket" {
  description = "Create the S3 artifact bucket. false means use the existing bucket named by artifact_bucket_name (its settings are then yours to manage)."
  type        = bool
  default     = true

  validation {
    condition     = var.create_artifact_bucket || var.artifact_bucket_name != null
    error_message = "artifact_bucket_name must be set when create_artifact_bucket is false."
  }
}

variable "artifact_bucket_name" {
  description = "Artifact bucket name. Null (with create_artifact_bucket) derives <name>-artifacts-<account id>-<region>, which is globally unique."
  type        = string
  default     = null

  validation {
    condition = var.artifact_bucket_name == null || (
      can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifact_bucket_name)) &&
      !strcontains(coalesce(var.artifact_bucket_name, "-"), "..") &&
      !can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", var.artifact_bucket_name)) &&
      !startswith(coalesce(var.artifact_bucket_name, "-"), "xn--") &&
      !endswith(coalesce(var.artifact_bucket_name, "-"), "-s3alias")
    )
    error_message = "artifact_bucket_name must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, no '..', not an IP address."
  }
}

variable "artifact_prefix" {
  description = "Key prefix under which MLflow stores artifacts in the bucket; the task role can reach only this prefix."
  type        = string
  default     = "mlflow-artifacts"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*$", var.artifact_prefix))
    error_message = "artifact_prefix must be a non-empty S3 key prefix without leading or trailing slashes."
  }
}

variable "artifact_bucket_force_destroy" {
  description = "Let destroy delete a created artifact bucket that still holds objects. Keep false for production."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------
# Image, authentication, server and the init task (branch secrets-image)
# ---------------------------------------------------------------------------

variable "mlflow_image_digest" {
  description = "Digest (sha256:<64 hex>) of the image built from infra/image and pushed to the account's image repository (image_repository, created by infra/bootstrap). The task definition pins <repository>@<digest>. The deploy workflow builds the image and passes the digest (TF_VAR_mlflow_image_digest)."
  type        = string
  default     = null

  validation {
    condition     = var.mlflow_image_digest == null || can(regex("^sha256:[0-9a-f]{64}$", coalesce(var.mlflow_image_digest, "-")))
    error_message = "mlflow_image_digest must be an image digest: sha256: followed by 64 lowercase hex digits."
  }

  validation {
    condition     = (var.mlflow_image_digest == null) != (var.mlflow_image == null)
    error_message = "Set exactly one of mlflow_image_digest (the pinned image built from infra/image; the deploy workflow passes it) and mlflow_image (the explicit opt-out: any image reference)."
  }
}

variable "mlflow_image" {
  description = "Opt-out of the pinned image: a full image reference (registry/name:tag or @digest) used instead of <ECR repository>@mlflow_image_digest. It must follow infra/image's contract (an entrypoint with serve and init, user 10001, MLflow at exactly mlflow_version with psycopg2 and boto3). A tag is not pinned: what runs can change under the same task definition."
  type        = string
  default     = null

  validation {
    condition     = var.mlflow_image == null || can(regex("^[a-z0-9][a-z0-9._/:-]*[a-z0-9](:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", coalesce(var.mlflow_image, "-")))
    error_message = "mlflow_image must be an image reference with a tag or digest, such as ghcr.io/acme/mlflow-deploy:2.18.0."
  }
}

variable "image_repository" {
  description = "Name of the account's ECR repository that infra/bootstrap creates (its image_repository_name) and the deploy workflow pushes infra/image to; the task definition pins <account>.dkr.ecr.<region>.amazonaws.com/<this>@mlflow_image_digest."
  type        = string
  default     = "mlflow-deploy"

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", var.image_repository)) && length(var.image_repository) <= 256
    error_message = "image_repository must be an ECR repository name such as mlflow-deploy: lowercase letters and digits, separated by ., _, - or /."
  }
}

variable "auth_mode" {
  description = "How users authenticate: \"basic-auth\" runs MLflow's basic-auth app (users in a separate database on the same RDS instance, admin and verifier credentials in Secrets Manager); \"none\" serves MLflow without login (only for private, throwaway environments)."
  type        = string
  default     = "basic-auth"

  validation {
    condition     = contains(["basic-auth", "none"], var.auth_mode)
    error_message = "auth_mode must be \"basic-auth\" or \"none\"."
  }
}

variable "auth_default_permission" {
  description = "Permission every authenticated user has on experiments and models they did not create (MLflow basic-auth default_permission)."
  type        = string
  default     = "READ"

  validation {
    condition     = contains(["READ", "EDIT", "MANAGE", "NO_PERMISSIONS"], var.auth_default_permission)
    error_message = "auth_default_permission must be one of READ, EDIT, MANAGE, NO_PERMISSIONS."
  }
}

variable "artifact_mode" {
  description = "\"proxied\": clients send artifacts through the server (mlflow server --serve-artifacts --artifacts-destination s3://...), only the task role touches S3. \"direct\": the server hands out s3:// locations (--no-serve-artifacts --default-artifact-root s3://...) and every client needs its own S3 access; the task role gets none."
  type        = string
  default     = "proxied"

  validation {
    condition     = contains(["proxied", "direct"], var.artifact_mode)
    error_message = "artifact_mode must be \"proxied\" or \"direct\"."
  }
}

variable "alb_idle_timeout_seconds" {
  description = "Load balancer idle timeout. A proxied artifact upload is answered only after the server has written the file to S3, with the connection idle meanwhile; 300 s covers a 1 GiB push from the task to S3."
  type        = number
  default     = 300

  validation {
    condition     = var.alb_idle_timeout_seconds >= 1 && var.alb_idle_timeout_seconds <= 4000 && floor(var.alb_idle_timeout_seconds) == var.alb_idle_timeout_seconds
    error_message = "alb_idle_timeout_seconds must be a whole number from 1 to 4000 (the ALB's range)."
  }
}

variable "alb_deregistration_delay_seconds" {
  description = "How long a task being replaced keeps serving requests already in flight (the target group's deregistration delay). Each rollout waits up to this long per task, so raise it only if large uploads routinely span deploys."
  type        = number
  default     = 30

  validation {
    condition     = var.alb_deregistration_delay_seconds >= 0 && var.alb_deregistration_delay_seconds <= 3600 && floor(var.alb_deregistration_delay_seconds) == var.alb_deregistration_delay_seconds
    error_message = "alb_deregistration_delay_seconds must be a whole number from 0 to 3600."
  }
}

variable "gunicorn_timeout_seconds" {
  description = "gunicorn worker timeout: the longest one request may take. A sync worker holds a proxied artifact upload for the whole transfer, so the default (900 s) lets 1 GiB arrive at about 1.2 MB/s and still leaves time for the server's upload to S3."
  type        = number
  default     = 900

  validation {
    condition     = var.gunicorn_timeout_seconds >= 30 && var.gunicorn_timeout_seconds <= 3600 && floor(var.gunicorn_timeout_seconds) == var.gunicorn_timeout_seconds
    error_message = "gunicorn_timeout_seconds must be a whole number from 30 to 3600."
  }
}

variable "db_password_refresh_seconds" {
  description = "How often each task re-reads the RDS-managed master password (Secrets Manager) into its libpq password file, so connections opened after a rotation use the new password. 0 turns the refresh off (and the task role's read of the secret with it)."
  type        = number
  default     = 60

  validation {
    condition     = var.db_password_refresh_seconds == 0 || (var.db_password_refresh_seconds >= 15 && var.db_password_refresh_seconds <= 3600 && floor(var.db_password_refresh_seconds) == var.db_password_refresh_seconds)
    error_message = "db_password_refresh_seconds must be 0 or a whole number from 15 to 3600."
  }
}

variable "init_task_timeout_minutes" {
  description = "Deadline of the one-shot init task (mlflow db upgrade, auth database and users) that Apply runs before the service rolls. It and db_snapshot_timeout_minutes run inside terraform apply, so together they must stay well inside the apply deadline (45 min)."
  type        = number
  default     = 15

  validation {
    condition     = var.init_task_timeout_minutes >= 2 && var.init_task_timeout_minutes <= 30 && floor(var.init_task_timeout_minutes) == var.init_task_timeout_minutes
    error_message = "init_task_timeout_minutes must be a whole number from 2 to 30."
  }
}

variable "db_snapshot_timeout_minutes" {
  description = "Deadline for the DB snapshot taken before a migration to a new mlflow_version to become available."
  type        = number
  default     = 20

  validation {
    condition     = var.db_snapshot_timeout_minutes >= 2 && var.db_snapshot_timeout_minutes <= 30 && floor(var.db_snapshot_timeout_minutes) == var.db_snapshot_timeout_minutes
    error_message = "db_snapshot_timeout_minutes must be a whole number from 2 to 30."
  }
}

# ---------------------------------------------------------------------------
# Alarms (alarms.tf) and MLflow's database connections (db_connections.tf)
# ---------------------------------------------------------------------------

variable "alarm_email" {
  description = "Address subscribed to the alarm topic (SNS sends a confirmation mail first). Null: the topic has no subscriber; subscribe a chat or paging integration to the alarm_topic_arn output yourself."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", coalesce(var.alarm_email, "-")))
    error_message = "alarm_email must be an e-mail address such as mlflow-oncall@example.com, or null."
  }
}

variable "alarm_alb_5xx_rate_percent" {
  description = "Alarm when more than this share (percent) of requests is answered with a 5xx, by the tasks or by the load balancer, in 3 of 5 minutes."
  type        = number
  default     = 5

  validation {
    condition     = var.alarm_alb_5xx_rate_percent > 0 && var.alarm_alb_5xx_rate_percent <= 100
    error_message = "alarm_alb_5xx_rate_percent must be more than 0 and at most 100."
  }
}

variable "alarm_unhealthy_hosts" {
  description = "Alarm when at least this many tasks fail the load balancer's health check in 3 of 5 minutes."
  type        = number
  default     = 1

  validation {
    condition     = var.alarm_unhealthy_hosts >= 1 && floor(var.alarm_unhealthy_hosts) == var.alarm_unhealthy_hosts
    error_message = "alarm_unhealthy_hosts must be a whole number >= 1."
  }
}

variable "alarm_response_time_p95_seconds" {
  description = "Alarm when the 95th percentile of the tasks' response time (TargetResponseTime) exceeds this many seconds in 3 of 5 minutes. Proxied artifact uploads are slow by nature; raise it where large uploads through the server are common."
  type        = number
  default     = 2

  validation {
    condition     = var.alarm_response_time_p95_seconds > 0 && var.alarm_response_time_p95_seconds <= 900
    error_message = "alarm_response_time_p95_seconds must be more than 0 and at most 900."
  }
}

variable "alarm_ecs_cpu_percent" {
  description = "Alarm when the MLflow tasks' average CPU stays above this percentage for 15 minutes (autoscaling_cpu_target is what autoscaling holds; this is for when it cannot)."
  type        = number
  default     = 85

  validation {
    condition     = var.alarm_ecs_cpu_percent > 0 && var.alarm_ecs_cpu_percent <= 100
    error_message = "alarm_ecs_cpu_percent must be more than 0 and at most 100."
  }
}

variable "alarm_ecs_memory_percent" {
  description = "Alarm when the MLflow tasks' average memory stays above this percentage for 15 minutes."
  type        = number
  default     = 85

  validation {
    condition     = var.alarm_ecs_memory_percent > 0 && var.alarm_ecs_memory_percent <= 100
    error_message = "alarm_ecs_memory_percent must be more than 0 and at most 100."
  }
}

variable "alarm_rds_cpu_percent" {
  description = "Alarm when the database's CPU stays above this percentage for 15 minutes."
  type        = number
  default     = 80

  validation {
    condition     = var.alarm_rds_cpu_percent > 0 && var.alarm_rds_cpu_percent <= 100
    error_message = "alarm_rds_cpu_percent must be more than 0 and at most 100."
  }
}

variable "alarm_rds_free_storage_gib" {
  description = "Alarm when the database's free storage falls below this many GiB (storage autoscaling up to db_max_allocated_storage should act first)."
  type        = number
  default     = 2

  validation {
    condition     = var.alarm_rds_free_storage_gib > 0 && var.alarm_rds_free_storage_gib < var.db_allocated_storage
    error_message = "alarm_rds_free_storage_gib must be more than 0 and less than db_allocated_storage."
  }
}

variable "alarm_rds_connections_percent" {
  description = "Alarm when the database's connections exceed this percentage of its max_connections (from db_instance_class, see db_connections.tf) in 3 of 5 minutes."
  type        = number
  default     = 80

  validation {
    condition     = var.alarm_rds_connections_percent > 0 && var.alarm_rds_connections_percent <= 100
    error_message = "alarm_rds_connections_percent must be more than 0 and at most 100."
  }
}

variable "mlflow_db_pool_size" {
  description = "Connections each of MLflow's SQLAlchemy engines keeps open (MLFLOW_SQLALCHEMYSTORE_POOL_SIZE). A gunicorn sync worker serves one request at a time and opens at most two sessions at once, so 2 is enough; every worker has two engines (tracking and model registry) and a third for the auth database with basic-auth. The task definition refuses a plan whose total at full scale exceeds 90% of max_connections (db_connections.tf)."
  type        = number
  default     = 2

  validation {
    condition     = var.mlflow_db_pool_size >= 1 && var.mlflow_db_pool_size <= 50 && floor(var.mlflow_db_pool_size) == var.mlflow_db_pool_size
    error_message = "mlflow_db_pool_size must be a whole number from 1 to 50."
  }
}

variable "mlflow_db_max_overflow" {
  description = "Connections each engine may open beyond mlflow_db_pool_size under load (MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW); closed again when returned. Counted in the connection budget (db_connections.tf)."
  type        = number
  default     = 0

  validation {
    condition     = var.mlflow_db_max_overflow >= 0 && var.mlflow_db_max_overflow <= 50 && floor(var.mlflow_db_max_overflow) == var.mlflow_db_max_overflow
    error_message = "mlflow_db_max_overflow must be a whole number from 0 to 50."
  }
}

variable "mlflow_db_pool_recycle_seconds" {
  description = "Seconds after which a pooled connection is replaced (MLFLOW_SQLALCHEMYSTORE_POOL_RECYCLE), so that no connection outlives a Multi-AZ failover or a password rotation by long."
  type        = number
  default     = 1800

  validation {
    condition     = var.mlflow_db_pool_recycle_seconds >= 60 && var.mlflow_db_pool_recycle_seconds <= 86400 && floor(var.mlflow_db_pool_recycle_seconds) == var.mlflow_db_pool_recycle_seconds
    error_message = "mlflow_db_pool_recycle_seconds must be a whole number from 60 to 86400."
  }
}

name        = "mlflow-prod"
environment = "production"
region      = "eu-west-2"

# Set to the production account so a wrong profile fails before anything changes.
# expected_account_id = "123456789012"

# --- HTTPS: required. Validate refuses production without it. -------------
# Either an issued ACM certificate in eu-west-2 for mlflow_hostname:
# certificate_arn = "arn:aws:acm:eu-west-2:123456789012:certificate/..."
# or the Route 53 public zone holding mlflow_hostname: the stack requests and
# DNS-validates the certificate there and creates the alias record.
# route53_zone_id = "Z0123456789ABCDEFGHIJ"
# mlflow_hostname = "mlflow.example.com"
allow_plain_http = false

# --- Who can reach the load balancer --------------------------------------
# Internet-facing on purpose: MLflow clients (laptops, CI runners, training
# jobs) connect from many networks, and HTTPS, login and the WAF stand in
# front of it. If every client comes through a VPN or known egress
# addresses, list those ranges here instead, or set alb_internal = true.
alb_ingress_cidrs = ["0.0.0.0/0"]
alb_internal      = false

# --- Edge and data protection (all on) ------------------------------------
waf_enabled                 = true
waf_rate_limit              = 6000
waf_common_rules_count_only = ["SizeRestrictions_BODY"]
alb_deletion_protection     = true

# --- Logs and retention (at least a year in production) --------------------
alb_access_logs_enabled         = true
vpc_flow_logs_enabled           = true
db_log_exports_enabled          = true
db_performance_insights_enabled = true
log_retention_days              = 365
log_bucket_force_destroy        = false

artifact_lifecycle_enabled       = true
artifact_noncurrent_version_days = 90
artifact_bucket_force_destroy    = false

# --- Capacity and availability ---------------------------------------------
desired_count            = 2
autoscaling_max_capacity = 6

# An AZ outage must not cut the surviving tasks off from the AWS APIs.
nat_gateway_per_az = true

# 2 GiB of memory: room for the connections of 6 tasks' gunicorn workers,
# where db.t3.micro's 1 GiB allows about 110.
db_instance_class           = "db.t4g.small"
db_multi_az                 = true
db_backup_retention_days    = 7
db_deletion_protection      = true
final_snapshot_on_destroy   = true
secret_recovery_window_days = 30

# --- Alarms (alarms.tf; what to do when one fires: README.md, Alarms) -------
# Every alarm notifies the alarm_topic_arn output's topic. Subscribe the
# on-call address (SNS mails a confirmation link first), or a pager:
# alarm_email = "mlflow-oncall@example.com"
alarm_alb_5xx_rate_percent      = 2
alarm_unhealthy_hosts           = 1
alarm_response_time_p95_seconds = 2
alarm_ecs_cpu_percent           = 85
alarm_ecs_memory_percent        = 85
alarm_rds_cpu_percent           = 80
alarm_rds_free_storage_gib      = 4
alarm_rds_connections_percent   = 80

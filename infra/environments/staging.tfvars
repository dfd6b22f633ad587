name        = "mlflow-staging"
environment = "staging"
region      = "eu-west-2"

# Set to the staging account so a wrong profile fails before anything changes.
# expected_account_id = "123456789012"

# A cheap profile, under half of production's monthly cost: one task, a
# single-AZ db.t4g.micro, one NAT gateway, no WAF, two weeks of logs. It keeps
# production's shape (ALB -> Fargate -> RDS, S3) so that every deploy is
# rehearsed here first.

# --- HTTPS: staging carries real logins too. ------------------------------
# Validate refuses staging without HTTPS unless allow_plain_http = true. Give
# it a certificate (or a Route 53 zone) as in production.tfvars:
# certificate_arn = "arn:aws:acm:eu-west-2:123456789012:certificate/..."
# route53_zone_id = "Z0123456789ABCDEFGHIJ"
# mlflow_hostname = "mlflow-staging.example.com"
# Plain HTTP is acceptable only for a staging nobody else can reach: then
# also narrow alb_ingress_cidrs to your VPN/office ranges or set
# alb_internal = true, and state it:
# allow_plain_http = true
allow_plain_http = false

# Open as today; narrow it to your own ranges where you can.
alb_ingress_cidrs = ["0.0.0.0/0"]

# The WAF costs ~$8/month plus requests. Off here to keep staging under half
# of production; switch it on for a release that changes request shapes
# (large uploads, new API calls) to catch false positives before production.
waf_enabled = false

# Staging is rebuilt freely: no deletion protection, its data is not kept.
alb_deletion_protection       = false
db_deletion_protection        = false
final_snapshot_on_destroy     = false
artifact_bucket_force_destroy = true
log_bucket_force_destroy      = true
secret_recovery_window_days   = 7

# ALB and flow logs stay on (they cost cents here) but are kept two weeks. The
# RDS log exports are off: their ingestion (~$6/month at the default volume) is
# what kept staging above half of production; Logs and Verify read the service's
# own log group, and `upgrade` output is also in the init task's log.
alb_access_logs_enabled         = true
vpc_flow_logs_enabled           = true
db_log_exports_enabled          = false
db_performance_insights_enabled = true
log_retention_days              = 14
container_insights              = false

# One task; autoscaling may add a second under load.
desired_count            = 1
autoscaling_max_capacity = 2

nat_gateway_per_az       = false
db_instance_class        = "db.t4g.micro"
db_multi_az              = false
db_backup_retention_days = 1

# Alarms: looser than production (one small task, releases tried out here),
# so that an alarm in staging still means something.
# alarm_email = "mlflow-staging@example.com"
alarm_alb_5xx_rate_percent      = 10
alarm_response_time_p95_seconds = 5
alarm_ecs_cpu_percent           = 90
alarm_ecs_memory_percent        = 90
alarm_rds_cpu_percent           = 90
alarm_rds_free_storage_gib      = 2
alarm_rds_connections_percent   = 90

# Production-like rehearsal against moto: HTTPS, WAF, ALB access logs, flow
# logs, a year of logs, and ingress narrowed as production would narrow it.
#
# The certificate arrives at plan time, not from this file: the pipeline
# creates a self-signed certificate for mlflow.local-secure.test, imports it
# into the emulator's ACM (a fresh emulator gives it a fresh ARN) and passes
# TF_VAR_certificate_arn=<that ARN> to terraform. Without it the stack would
# serve plain HTTP with allow_plain_http = false, which Validate refuses, as
# for production.
name        = "mlflow-local-secure"
environment = "local-secure"
region      = "eu-west-2"

# moto has no DescribeDBEngineVersions: pin, so the lookup is never read.
db_engine_version = "15.8"

mlflow_hostname  = "mlflow.local-secure.test"
allow_plain_http = false

# An office/VPN range instead of the internet, as a locked-down production
# would have it.
alb_ingress_cidrs = ["10.0.0.0/8", "192.168.0.0/16"]

waf_enabled             = true
waf_rate_limit          = 6000
alb_access_logs_enabled = true
vpc_flow_logs_enabled   = true
db_log_exports_enabled  = true
log_retention_days      = 365

# moto keeps no Performance Insights setting (every plan would show it again).
db_performance_insights_enabled = false

desired_count            = 2
autoscaling_max_capacity = 4
container_insights       = false

# Throwaway, like local: the rehearsal must be able to destroy everything.
alb_deletion_protection       = false
db_deletion_protection        = false
final_snapshot_on_destroy     = false
artifact_bucket_force_destroy = true
log_bucket_force_destroy      = true
secret_recovery_window_days   = 0

# The emulator pulls no image: a placeholder digest stands in for the one the
# deploy workflow passes elsewhere.
mlflow_image_digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000"

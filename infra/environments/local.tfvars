# The local environment: moto on 127.0.0.1 (AWS_ENDPOINT_URL), fake credentials.
name        = "mlflow-local"
environment = "local"
region      = "eu-west-2"

# moto has no DescribeDBEngineVersions: pin, so the lookup is never read.
db_engine_version = "15.8"

desired_count            = 2
autoscaling_max_capacity = 4
container_insights       = false
log_retention_days       = 7

# Plain HTTP on purpose: nothing leaves the machine. local-secure rehearses
# HTTPS with a certificate imported into the emulator.
allow_plain_http = true

# Every production control moto can emulate stays on, so each rehearsal
# applies it: WAF, ALB access logs, flow logs, the artifact lifecycle rule and
# the RDS log exports (variable defaults). Off: moto keeps no Performance
# Insights setting (every plan would show it again).
db_performance_insights_enabled = false

# Throwaway: destroy must always succeed and leave nothing behind.
alb_deletion_protection       = false
db_deletion_protection        = false
final_snapshot_on_destroy     = false
artifact_bucket_force_destroy = true
log_bucket_force_destroy      = true
secret_recovery_window_days   = 0

# The emulator pulls no image: a placeholder digest stands in for the one the
# deploy workflow passes elsewhere.
mlflow_image_digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000"

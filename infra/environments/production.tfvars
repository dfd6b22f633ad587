name        = "mlflow-prod"
environment = "production"
region      = "eu-west-2"

# Set to the production account so a wrong profile fails before anything changes.
# expected_account_id = "123456789012"

# With a certificate, port 80 redirects to HTTPS; point mlflow_hostname's
# DNS record at the alb_dns_name output.
# certificate_arn = "arn:aws:acm:eu-west-2:123456789012:certificate/..."
# mlflow_hostname = "mlflow.example.com"

desired_count            = 2
autoscaling_min_capacity = 2
autoscaling_max_capacity = 6
log_retention_days       = 90

db_multi_az                   = true
db_backup_retention_days      = 7
db_deletion_protection        = true
final_snapshot_on_destroy     = true
artifact_bucket_force_destroy = false
secret_recovery_window_days   = 30

name        = "mlflow-staging"
environment = "staging"
region      = "eu-west-2"

# Set to the staging account so a wrong profile fails before anything changes.
# expected_account_id = "123456789012"

desired_count            = 2
autoscaling_min_capacity = 2
autoscaling_max_capacity = 4
log_retention_days       = 30

# Staging is rebuilt freely; its data is not kept.
db_deletion_protection        = false
final_snapshot_on_destroy     = false
artifact_bucket_force_destroy = true
secret_recovery_window_days   = 7

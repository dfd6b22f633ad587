# S3 state backend for production, passed as -backend-config at init.
# PLACEHOLDER: replace the bucket with an existing, versioned, encrypted
# bucket you own before the first init; it is not created by this stack.
bucket       = "CHANGE-ME-mlflow-deploy-tfstate"
key          = "mlflow-deploy/production/terraform.tfstate"
region       = "eu-west-2"
encrypt      = true
use_lockfile = true

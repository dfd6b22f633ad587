# One backend type for every environment; which bucket and key is given at
# init (-backend-config): infra/environments/<env>.backend.hcl for an AWS
# account, a bucket inside the emulator for local environments. See
# build/MlflowDeploy/Terraform/StateBackend.cs.
terraform {
  backend "s3" {}
}

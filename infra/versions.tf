terraform {
  # 1.11 is the first release with write-only arguments (password_wo,
  # secret_string_wo) and S3 native state locking (use_lockfile).
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # The backend is declared in backend.tf; which bucket and key is given at
  # init. See README.md.
}

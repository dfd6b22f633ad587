terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # Local state on purpose: this module creates the state bucket the main stack uses, so it cannot keep
  # its own state there before it has run. docs/one-time-setup.md shows how to move it into the bucket after.
}

variable "github_repository" {
  description = "The GitHub repository (owner/name) whose workflows may assume the roles. Matched exactly, case included, as GitHub writes it in the OIDC token's sub claim."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. acme/mlflow-deploy, with no wildcard."
  }
}

variable "environments" {
  description = "The deploy environments this account hosts, by GitHub environment name, each with the stack name its tfvars sets (name = ...) and, when its tfvars sets route53_zone_id, that hosted zone (the deploy role may change records in it and no other). One account can host both, or run this module once per account with one each."
  type = map(object({
    stack_name      = string
    route53_zone_id = optional(string)
  }))
  default = {
    staging    = { stack_name = "mlflow-staging" }
    production = { stack_name = "mlflow-prod" }
  }

  validation {
    condition     = length(var.environments) > 0 && alltrue([for env, _ in var.environments : can(regex("^[a-z][a-z0-9-]{1,31}$", env))])
    error_message = "environments must name at least one environment, each 2-32 lowercase letters, digits or hyphens, as in infra/environments/<env>.tfvars."
  }

  validation {
    condition     = alltrue([for _, e in var.environments : can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", e.stack_name))])
    error_message = "Each stack_name must be the name = value of that environment's tfvars: 3-24 lowercase letters, digits and hyphens."
  }

  validation {
    condition     = alltrue([for _, e in var.environments : e.route53_zone_id == null || can(regex("^[A-Z0-9]{1,32}$", e.route53_zone_id))])
    error_message = "route53_zone_id must be a hosted zone id such as Z0123456789ABCDEFGHIJ (without /hostedzone/), the one the environment's tfvars names."
  }

  # The deploy role of one environment is scoped to "<stack_name>*"; a stack name that prefixes another
  # would let one environment's role reach the other's resources.
  validation {
    condition = alltrue(flatten([
      for a, ea in var.environments : [
        for b, eb in var.environments : a == b || !startswith(eb.stack_name, ea.stack_name)
      ]
    ]))
    error_message = "No stack_name may be a prefix of another (e.g. mlflow and mlflow-prod): the roles are scoped by name prefix."
  }
}

variable "state_bucket_name" {
  description = "Name of the S3 bucket for Terraform state, created here. Put the same name in infra/environments/<env>.backend.hcl."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name)) && !strcontains(var.state_bucket_name, "..")
    error_message = "state_bucket_name must be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens."
  }
}

variable "image_repository_name" {
  description = "Name of the ECR repository created here, which the deploy workflow pushes infra/image to. Put the same name as image_repository in every environment's tfvars (its default is the same)."
  type        = string
  default     = "mlflow-deploy"

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", var.image_repository_name)) && length(var.image_repository_name) <= 256
    error_message = "image_repository_name must be an ECR repository name such as mlflow-deploy: lowercase letters and digits, separated by ., _, - or /."
  }
}

variable "state_key_prefix" {
  description = "Prefix of the state keys in the bucket; the backend files use <prefix>/<env>/terraform.tfstate."
  type        = string
  default     = "mlflow-deploy"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_.-]*$", var.state_key_prefix))
    error_message = "state_key_prefix must be one path segment of letters, digits, dots, underscores or hyphens."
  }
}

variable "region" {
  description = "Region of the state bucket and of the stacks the roles may change."
  type        = string
  default     = "eu-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like an AWS region, e.g. eu-west-2."
  }
}

variable "expected_account_id" {
  description = "When set, the provider refuses any other account, so the bootstrap cannot land in the wrong one."
  type        = string
  default     = null

  validation {
    condition     = var.expected_account_id == null || can(regex("^[0-9]{12}$", var.expected_account_id))
    error_message = "expected_account_id must be a 12-digit AWS account id, or null."
  }
}

variable "main_branch" {
  description = "The branch whose workflow runs (the deploy plans and the nightly check) may assume the plan roles."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.main_branch)) && !strcontains(var.main_branch, "*")
    error_message = "main_branch must be a branch name without wildcards."
  }
}

variable "existing_oidc_provider_arn" {
  description = "ARN of the account's GitHub OIDC provider when one already exists (an account holds one per URL); null creates it."
  type        = string
  default     = null

  validation {
    condition     = var.existing_oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.existing_oidc_provider_arn))
    error_message = "existing_oidc_provider_arn must be the ARN of the token.actions.githubusercontent.com OIDC provider, or null."
  }
}

variable "max_session_hours" {
  description = "Longest session the roles grant. The deploy jobs ask for 2 hours (the 45-minute apply deadline, terraform's 20-minute interrupt grace, the plan after apply and Verify, with set-up before), so it must be at least 2."
  type        = number
  default     = 2

  validation {
    condition     = var.max_session_hours >= 2 && var.max_session_hours <= 12 && floor(var.max_session_hours) == var.max_session_hours
    error_message = "max_session_hours must be a whole number from 2 to 12: the deploy jobs ask for a 2-hour session."
  }
}

#!/usr/bin/env bash
# The raw terraform cycle on the rehearsal's stack, against the same emulator launcher the rehearsal starts:
# start moto, create the state bucket, then init, validate, plan -out, apply that plan, destroy, and stop moto.
# bench/ times this script as a whole process against `./build.sh` (Rehearse). TF_PLUGIN_MIRROR names the
# provider mirror (the folder holding registry.terraform.io), as for build.sh.
#   --second-cycle   also the terraform work of the rehearsal's checks and second deploy, between apply and destroy:
#                    the plan after apply (which must be empty), a plan with one more task (-var desired_count=N+1),
#                    its apply, and the plan after that apply.
set -euo pipefail
second_cycle=false
[[ "${1:-}" == --second-cycle ]] && second_cycle=true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
region=eu-west-2
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# The pipeline's own launcher and settings (build/MlflowDeploy/Local/MotoEmulator.cs).
MOTO_IAM_LOAD_MANAGED_POLICIES=true MOTO_ECS_SERVICE_RUNNING=2 PYTHONUNBUFFERED=1 MOTO_LAUNCHER_PARENT_PID=$$ \
  python3 "$root/build/MlflowDeploy/Local/moto_launcher.py" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill -INT "$moto" 2>/dev/null || true; wait "$moto" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 225); do
  curl -fs "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
  sleep 0.2
done

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
unset AWS_SESSION_TOKEN AWS_PROFILE
export TF_DATA_DIR="$work/.terraform" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
# infra/init.tf's hook runs the one-shot init task through the library; raw terraform has no library, so the
# hook is `true`, as for `terraform test`. The baseline thus leaves out the init task the rehearsal runs.
export MLFLOW_DEPLOY_INIT_HOOK=true
if [[ -n "${TF_PLUGIN_MIRROR:-}" ]]; then
  cat >"$work/cli.tfrc" <<TFRC
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "$TF_PLUGIN_MIRROR"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
TFRC
  export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
fi

aws s3api create-bucket --bucket mlflow-deploy-state --create-bucket-configuration "LocationConstraint=$region" >/dev/null
cd "$root/infra"
terraform init -input=false -no-color -backend-config=bucket=mlflow-deploy-state \
  -backend-config=key=mlflow-deploy/raw/terraform.tfstate -backend-config="region=$region" -backend-config=use_lockfile=true
terraform validate -no-color
terraform plan -input=false -no-color -var-file=environments/local.tfvars -out="$work/plan.tfplan"
terraform apply -input=false -no-color "$work/plan.tfplan"
if $second_cycle; then
  terraform plan -input=false -no-color -detailed-exitcode -var-file=environments/local.tfvars
  next=$(( $(sed -n 's/^desired_count *= *\([0-9]*\).*/\1/p' environments/local.tfvars) + 1 ))
  terraform plan -input=false -no-color -var-file=environments/local.tfvars -var "desired_count=$next" -out="$work/second.tfplan"
  terraform apply -input=false -no-color "$work/second.tfplan"
  terraform plan -input=false -no-color -detailed-exitcode -var-file=environments/local.tfvars -var "desired_count=$next"
fi
terraform destroy -input=false -no-color -auto-approve -var-file=environments/local.tfvars

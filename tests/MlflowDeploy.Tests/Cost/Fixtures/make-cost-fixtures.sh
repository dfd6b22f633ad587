#!/usr/bin/env bash
# Generates the cost estimate's real plan fixtures: terraform plans of the product's own infra/ against a local
# moto server, written next to this script as <name>.plan.json (terraform show -json) and <name>.plan.txt.
#
#   make-cost-fixtures.sh [repository-root]
#
#   staging        create plan of infra/environments/staging.tfvars
#   production     create plan of infra/environments/production.tfvars
#   desired-count-4  local.tfvars applied, then planned with -var desired_count=4 (2 → 4 tasks)
#   multi-az       local.tfvars applied, then planned with -var db_multi_az=true
#
# What moto needs beyond the tfvars (and nothing else is changed): -var db_engine_version=15.8, because moto
# 5.2.1 has no DescribeDBEngineVersions (see /work/shared/notes/aws-emulator.md); the environment's S3 backend
# is replaced by a throwaway local one. Like the deploy workflow, the plans get an image digest
# (TF_VAR_mlflow_image_digest there; a placeholder here, the price does not depend on it), and the apply of
# local.tfvars runs the init hook as the offline `terraform test` runs do: `true`, a hook that does nothing. Needs terraform, python3 with moto 5.x, and the provider in the
# filesystem mirror (TF_PLUGIN_MIRROR, or the folder found under /). No network.
set -euo pipefail

root=$(cd "${1:-$(dirname "$0")/../../../..}" && pwd)
out_dir=$(cd "$(dirname "$0")" && pwd)
[[ -f "$root/MlflowDeploy.sln" ]] || { echo "not a mlflow-deploy checkout: $root" >&2; exit 2; }

mirror=${TF_PLUGIN_MIRROR:-$(find / -maxdepth 3 -type d -name registry.terraform.io 2>/dev/null | head -n1 | xargs -r dirname)}
[[ -d "$mirror" ]] || { echo "no provider mirror: set TF_PLUGIN_MIRROR" >&2; exit 2; }
[[ "$(basename "$mirror")" == registry.terraform.io ]] && mirror=$(dirname "$mirror")

work=$(mktemp -d)
moto_pid=""
cleanup() {
  [[ -n "$moto_pid" ]] && kill "$moto_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# The launcher adds the application-autoscaling tag handlers the provider needs on apply.
MOTO_IAM_LOAD_MANAGED_POLICIES=true MOTO_LAUNCHER_PARENT_PID=$$ \
  python3 "$root/build/MlflowDeploy/Local/moto_launcher.py" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null || { echo "moto did not start; log:" >&2; cat "$work/moto.log" >&2; exit 1; }

cat >"$work/cli.tfrc" <<CFG
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CFG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=eu-west-2 AWS_DEFAULT_REGION=eu-west-2
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"

mkdir "$work/tf"
cp "$root"/infra/*.tf "$work/tf/"
cp -R "$root/infra/environments" "$work/tf/"
printf 'terraform {\n  backend "local" {}\n}\n' >"$work/tf/zz_fixture_backend_override.tf"
cd "$work/tf"

tf() { timeout 600 terraform "$@"; }
tf init -no-color -input=false >"$work/init.log" || { cat "$work/init.log" >&2; exit 1; }

moto_vars=(-var db_engine_version=15.8 -var mlflow_image_digest=sha256:1111111111111111111111111111111111111111111111111111111111111111)
export MLFLOW_DEPLOY_INIT_HOOK=true

# plan <name> <tfvars> [extra args...]: writes <name>.plan.json and <name>.plan.txt to the out dir.
plan() {
  local name=$1 tfvars=$2; shift 2
  tf plan -no-color -var-file="environments/$tfvars" "${moto_vars[@]}" -out="$name.bin" "$@" >/dev/null
  tf show -json "$name.bin" >"$out_dir/$name.plan.json"
  tf show -no-color "$name.bin" >"$out_dir/$name.plan.txt"
  echo "$name: $(grep -E '^(Plan:|No changes)' "$out_dir/$name.plan.txt" || true)"
}

# Against empty state, each is the whole stack as the environment's tfvars describe it.
plan staging staging.tfvars
plan production production.tfvars

tf plan -no-color -var-file=environments/local.tfvars "${moto_vars[@]}" -out=local.bin >/dev/null
tf apply -no-color -auto-approve local.bin >/dev/null
# moto drops a few attributes on create; apply until the plan is clean (bounded), so the changes below are only ours.
for _ in 1 2 3; do
  if tf plan -no-color -var-file=environments/local.tfvars "${moto_vars[@]}" -detailed-exitcode -out=converge.bin >/dev/null; then break; fi
  tf apply -no-color -auto-approve converge.bin >/dev/null
done
plan desired-count-4 local.tfvars -var desired_count=4
plan multi-az local.tfvars -var db_multi_az=true

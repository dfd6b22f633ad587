#!/usr/bin/env bash
# Generates real Terraform plan fixtures (show -json + show -no-color) against a local moto server.
#
#   make-plan-fixtures.sh <terraform-config-dir> [out-dir] [tfvars-file]
#
# Writes <out>/{create,change,replace,destroy,noop}.plan.{json,txt}. The change fixture runs with
# $CHANGE_ARGS (default: -var desired_count=3, the ECS service) and the replace fixture with $REPLACE_ARGS
# (default: -var db_name=mlflow_v2). Measured with hashicorp/aws 5.100.0: changing an RDS instance's
# `identifier` is an in-place rename, not a replacement; `db_name` forces a new instance. Needs terraform, moto_server and python3; the provider comes from the
# filesystem mirror in TF_PLUGIN_MIRROR (or the folder found under / when it is unset). No network.
# MOTO_COMMAND replaces `moto_server` (e.g. "python3 build/MlflowDeploy/Local/moto_launcher.py" for a stack
# with application-autoscaling). Any remote backend in the config is overridden with a local one.
set -euo pipefail

config_dir=$(cd "${1:?usage: make-plan-fixtures.sh <config-dir> [out-dir] [tfvars-file]}" && pwd)
out_dir=$(mkdir -p "${2:-$(dirname "$0")}" && cd "${2:-$(dirname "$0")}" && pwd)
tfvars=$(cd "$(dirname "${3:-$config_dir/fixture.tfvars}")" && pwd)/$(basename "${3:-$config_dir/fixture.tfvars}")

mirror=${TF_PLUGIN_MIRROR:-$(find / -maxdepth 3 -type d -name registry.terraform.io 2>/dev/null | head -n1 | xargs -r dirname)}
[[ -d "$mirror" ]] || { echo "no provider mirror: set TF_PLUGIN_MIRROR" >&2; exit 2; }
# The mirror variable may name the registry.terraform.io folder itself or its parent.
[[ "$(basename "$mirror")" == registry.terraform.io ]] && mirror=$(dirname "$mirror")

work=$(mktemp -d)
moto_pid=""
cleanup() {
  [[ -n "$moto_pid" ]] && kill "$moto_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# shellcheck disable=SC2086 # MOTO_COMMAND is a command line on purpose
MOTO_IAM_LOAD_MANAGED_POLICIES=true ${MOTO_COMMAND:-moto_server} -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
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
cp -R "$config_dir"/. "$work/tf/"
rm -rf "$work/tf/.terraform" "$work/tf"/*.tfstate* "$work/tf/.terraform.lock.hcl"
# The fixtures need throwaway state, never the environment's S3 backend.
printf 'terraform {\n  backend "local" {}\n}\n' >"$work/tf/zz_fixture_backend_override.tf"
cd "$work/tf"

tf() { timeout 600 terraform "$@"; }

tf init -no-color -input=false >"$work/init.log" || { cat "$work/init.log" >&2; exit 1; }

# plan <name> [extra args...]: writes <name>.plan.json and <name>.plan.txt to the out dir.
plan() {
  local name=$1; shift
  tf plan -no-color -var-file="$tfvars" -out="$name.bin" "$@" >/dev/null
  tf show -json "$name.bin" >"$out_dir/$name.plan.json"
  tf show -no-color "$name.bin" >"$out_dir/$name.plan.txt"
  echo "$name: $(grep -E '^(Plan:|No changes)' "$out_dir/$name.plan.txt" || true)"
}

plan create
tf apply -no-color -auto-approve create.bin >/dev/null
# moto drops a few attributes on create, so the first plan after apply can show in-place changes;
# apply until the plan is clean (bounded), so the no-op fixture is a real no-op.
for _ in 1 2 3; do
  if tf plan -no-color -var-file="$tfvars" -detailed-exitcode -out=converge.bin >/dev/null; then break; fi
  tf apply -no-color -auto-approve converge.bin >/dev/null
done
plan noop
# shellcheck disable=SC2086 # the args are word lists on purpose
plan change ${CHANGE_ARGS:--var desired_count=3}
# shellcheck disable=SC2086
plan replace ${REPLACE_ARGS:--var db_name=mlflow_v2}
plan destroy -destroy

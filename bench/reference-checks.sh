#!/usr/bin/env bash
# The checks a reference deployment guide has an operator run by hand after a deploy, one after another: the ECS
# service, the target health, MLflow's /health and experiments/search, then a run created and a metric logged with
# curl. bench/ times this script as a whole process against `./build.sh --target=Verify --smoke-write` on the same
# stack and the same MLflow server. Every command must succeed, as an operator would insist.
#   ENDPOINT (the AWS endpoint, e.g. the emulator's), CLUSTER, SERVICE, TARGET_GROUP_ARN, MLFLOW_URL (ends in /)
set -euo pipefail
aws=(aws --output json)
[[ -n "${ENDPOINT:-}" ]] && aws+=(--endpoint-url "$ENDPOINT")

"${aws[@]}" ecs describe-services --cluster "$CLUSTER" --services "$SERVICE" >/dev/null
"${aws[@]}" elbv2 describe-target-health --target-group-arn "$TARGET_GROUP_ARN" >/dev/null
curl -fsS --max-time 10 "${MLFLOW_URL}health" >/dev/null
curl -fsS --max-time 10 "${MLFLOW_URL}api/2.0/mlflow/experiments/search?max_results=100" >/dev/null
now_ms="$(date +%s%3N)"
run_id="$(curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' \
  -d "{\"experiment_id\":\"0\",\"run_name\":\"reference-smoke\",\"start_time\":$now_ms}" \
  "${MLFLOW_URL}api/2.0/mlflow/runs/create" | jq -er '.run.info.run_id')"
curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' \
  -d "{\"run_id\":\"$run_id\",\"key\":\"reference_smoke\",\"value\":1.0,\"timestamp\":$now_ms,\"step\":1}" \
  "${MLFLOW_URL}api/2.0/mlflow/runs/log-metric" >/dev/null

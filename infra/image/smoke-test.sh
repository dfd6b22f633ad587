#!/usr/bin/env bash
# Smoke test of a built image, before it is pushed (deploy.yml's image job; README.md beside this file):
# the pinned MLflow as the non-root user, then init and serve through the entrypoint on a read-only root
# filesystem against a throwaway PostgreSQL 15, until /health answers and /version names the version.
# Usage: infra/image/smoke-test.sh <local image> <mlflow_version>
set -euo pipefail

image="${1:?usage: smoke-test.sh <local image> <mlflow_version>}"
version="${2:?usage: smoke-test.sh <local image> <mlflow_version>}"
network="mlflow-smoke-$$"
password="smoke-only-$$"

cleanup() {
  docker rm -f "$network-serve" "$network-pg" >/dev/null 2>&1 || true
  docker network rm "$network" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() {
  echo "::error title=Image smoke test::$1"
  exit 1
}

[[ "$(docker run --rm --entrypoint mlflow "$image" --version)" == "mlflow, version $version" ]] \
  || fail "the image's mlflow --version is not $version"
[[ "$(docker run --rm --entrypoint id "$image" -u)" == "10001" ]] || fail "the image does not run as user 10001"

docker network create "$network" >/dev/null
docker run -d --name "$network-pg" --network "$network" \
  -e POSTGRES_USER=mlflow -e POSTGRES_PASSWORD="$password" -e POSTGRES_DB=mlflow postgres:15 >/dev/null
for _ in $(seq 1 60); do
  docker exec "$network-pg" pg_isready -U mlflow >/dev/null 2>&1 && break
  sleep 1
done
docker exec "$network-pg" pg_isready -U mlflow >/dev/null || fail "PostgreSQL did not become ready within 60 s"

common=(--network "$network" --read-only --tmpfs /tmp:rw,mode=1777 --user 10001:10001
  -e "MLFLOW_BACKEND_STORE_URI=postgresql://mlflow@$network-pg:5432/mlflow?sslmode=disable"
  -e "PGPASSWORD=$password" -e "MLFLOW_DEPLOY_EXPECTED_VERSION=$version")

timeout 300 docker run --rm "${common[@]}" "$image" init || fail "init (the schema migration) failed or took over 5 minutes"

docker run -d --name "$network-serve" "${common[@]}" -p 127.0.0.1:5000:5000 "$image" \
  serve --host 0.0.0.0 --port 5000 --workers 1 --serve-artifacts --artifacts-destination /tmp/artifacts >/dev/null
healthy=""
for _ in $(seq 1 60); do
  if curl -fsS --max-time 5 http://127.0.0.1:5000/health >/dev/null 2>&1; then
    healthy=yes
    break
  fi
  sleep 2
done
[[ -n "$healthy" ]] || { docker logs --tail 40 "$network-serve" || true; fail "GET /health did not answer 200 within 2 minutes"; }
[[ "$(curl -fsS --max-time 5 http://127.0.0.1:5000/version)" == "$version" ]] || fail "GET /version does not answer $version"
# The backend-store URI is passed by environment only: on no command line inside the container.
if docker exec "$network-serve" sh -c 'cat /proc/[0-9]*/cmdline | tr "\0" " "' | grep -qF postgresql://; then
  fail "the backend-store URI is on a command line inside the container"
fi
echo "smoke test passed: $image serves MLflow $version as 10001 on a read-only root filesystem"

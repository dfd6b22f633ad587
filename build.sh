#!/usr/bin/env bash
# Bootstrap for the Cake build: restore the tools, publish the library when its sources changed, keep
# Cake's script cache in step with the library, then hand every argument to Cake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true

lib="build/MlflowDeploy"
publish="build/.publish"
stamp="$publish/.sources.sha256"

# Restore tools only when the manifest changed since the last restore.
tools_stamp="build/.tools-restored"
manifest_hash="$(sha256sum .config/dotnet-tools.json | cut -d' ' -f1)"
if [[ ! -f "$tools_stamp" || "$(cat "$tools_stamp")" != "$manifest_hash" ]]; then
  dotnet tool restore >/dev/null
  echo "$manifest_hash" > "$tools_stamp"
fi

# The fingerprint covers every file that shapes the published library.
sources_hash="$( { find "$lib" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.py' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; sha256sum Directory.Build.props; } | sha256sum | cut -d' ' -f1)"
cache_flag=()
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$sources_hash" ]]; then
  echo "Publishing the MlflowDeploy library…"
  dotnet publish "$lib/MlflowDeploy.csproj" -c Release -o "$publish" --nologo -v quiet
  echo "$sources_hash" > "$stamp"
  # Cake's cache is keyed on the script text alone; a new library behind the same script must recompile it.
  cache_flag=(--invalidate-script-cache)
fi

# `dotnet cake` runs Cake in a child process, so a signal sent to this script alone would orphan it (and
# the emulator it owns). Cake runs in its own process group, and INT/TERM are forwarded to that group:
# the pipeline then stops terraform and the emulator itself and exits with its own code.
set -m
dotnet cake build/build.cake "${cache_flag[@]}" "$@" &
cake=$!
trap 'kill -s INT -- "-$cake" 2>/dev/null || true' INT
trap 'kill -s TERM -- "-$cake" 2>/dev/null || true' TERM
while :; do
  status=0
  wait "$cake" || status=$?
  # wait also returns early when a trapped signal arrives; keep waiting until Cake itself has exited.
  kill -0 "$cake" 2>/dev/null || break
done
exit "$status"

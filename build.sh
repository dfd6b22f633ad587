#!/usr/bin/env bash
# Bootstrap for the Cake build: restore the tools, publish the library when its sources changed, keep
# Cake's script cache in step with the library, then hand every argument to Cake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true
# A run lives seconds to minutes and waits on terraform and the network: profiling code for a better second
# compilation costs more than it pays back (bench/ measures it).
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}"

lib="build/MlflowDeploy"
publish="build/.publish"
stamp="$publish/.sources.sha256"

# Restore tools only when the manifest changed since the last restore, and remember where Cake's entry
# assembly is: `dotnet cake` would start a second process (the SDK's muxer resolving the local tool) to run it.
# The stamp holds that path, or "dotnet-cake" when it is not where NuGet's default layout puts it.
tools_stamp="build/.tools-restored"
cake_dll="$(cat "$tools_stamp" 2>/dev/null || true)"
if [[ ! -f "$tools_stamp" || .config/dotnet-tools.json -nt "$tools_stamp" || ( "$cake_dll" != dotnet-cake && ! -f "$cake_dll" ) ]]; then
  dotnet tool restore >/dev/null
  cake_version="$(sed -n '/"cake.tool"/,/}/s/.*"version": *"\([^"]*\)".*/\1/p' .config/dotnet-tools.json)"
  runtime="net$(dotnet --version | cut -d. -f1).0"
  cake_dll="${NUGET_PACKAGES:-$HOME/.nuget/packages}/cake.tool/$cake_version/tools/$runtime/any/Cake.dll"
  [[ -f "$cake_dll" ]] || cake_dll=dotnet-cake
  echo "$cake_dll" > "$tools_stamp"
fi

# The fingerprint covers every file that shapes the published library. Hashing them all costs more than the
# rest of this script, so it is skipped while nothing under the library (a file, or a folder's entries) is
# newer than the stamp; anything newer, and the content decides.
# The stamp's time is set to just before the sources were hashed, so a file saved meanwhile counts as newer.
sources_changed() {
  [[ ! -f "$stamp" ]] && return 0
  [[ -z "$(find "$lib" Directory.Build.props \( -name bin -o -name obj -o -name __pycache__ \) -prune -o -newer "$stamp" -print -quit)" ]] && return 1
  hashed_at="$(date +%s.%N)"
  hash="$(sources_hash)"
  [[ "$(<"$stamp")" != "$hash" ]] && return 0
  touch -d "@$hashed_at" "$stamp"
  return 1
}
sources_hash() {
  { find "$lib" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.py' -o -name '*.json' \) -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; sha256sum Directory.Build.props; } | sha256sum | cut -d' ' -f1
}
cache_flag=()
if sources_changed; then
  echo "Publishing the MlflowDeploy library…"
  if [[ -z "${hash:-}" ]]; then
    hashed_at="$(date +%s.%N)"
    hash="$(sources_hash)"
  fi
  dotnet publish "$lib/MlflowDeploy.csproj" -c Release -o "$publish" --nologo -v quiet
  echo "$hash" > "$stamp"
  touch -d "@$hashed_at" "$stamp"
  # Cake's cache is keyed on the script text alone; a new library behind the same script must recompile it.
  cache_flag=(--invalidate-script-cache)
fi

if [[ "$cake_dll" != dotnet-cake ]]; then
  # Cake replaces this shell: a signal sent to the script reaches the pipeline, which stops terraform and the
  # emulator itself and exits with its own code.
  exec dotnet "$cake_dll" build/build.cake "${cache_flag[@]}" "$@"
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

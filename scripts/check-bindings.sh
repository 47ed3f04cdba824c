#!/usr/bin/env bash
# The committed bindings (bindings/) must be exactly what scripts/generate-bindings.sh produces
# from the current Rust code; fails with the diff otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
bash scripts/generate-bindings.sh "$fresh" >/dev/null
if diff -r bindings "$fresh" >"$fresh.diff" 2>&1; then
  echo "bindings: up to date (kotlin-jvm, kotlin-android, swift)"
  rm -f "$fresh.diff"
else
  head -n 40 "$fresh.diff"
  rm -f "$fresh.diff"
  echo "bindings: OUT OF DATE — run scripts/generate-bindings.sh and commit bindings/"
  exit 1
fi

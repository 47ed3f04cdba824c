#!/usr/bin/env bash
# The RustCrypto crates must come from one trait generation: exactly one version each of the
# crates whose traits they share (gen1-chip.md §12).
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0
for crate in digest der spki cipher crypto-common elliptic-curve signature; do
  versions=$(cargo tree -p zairyu-core -e normal --prefix none 2>/dev/null | grep -E "^$crate v" | awk '{print $2}' | sort -u)
  count=$(printf '%s\n' "$versions" | grep -c . || true)
  if [ "$count" -le 1 ]; then
    echo "ok: $crate ${versions:-(not used)}"
    passed=$((passed + 1))
  else
    echo "FAIL: $crate has several versions: $(echo $versions)"
    failed=$((failed + 1))
  fi
done
echo "deps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Syntax check of the generated Swift bindings and every .swift file under ios/ (the app, its
# tests, the Swift package) with the tree-sitter Swift grammar (pip: tree-sitter
# tree-sitter-swift). Build output under ios/ (.build, DerivedData) is skipped. Ends with
# `swift-syntax: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import tree_sitter, tree_sitter_swift' 2>/dev/null ||
  { echo "tree-sitter Swift grammar missing (pip install tree-sitter tree-sitter-swift)"; exit 1; }
python3 scripts/swift_syntax.py --self-test
files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(
  find bindings/swift ios \( -name .build -o -name DerivedData -o -name build \) -prune -o -name '*.swift' -print0 2>/dev/null | sort -z)
[ "${#files[@]}" -gt 0 ] || { echo "no Swift files found (run scripts/generate-bindings.sh)"; exit 1; }
if [ -d ios ] && ! printf '%s\n' "${files[@]}" | grep -q '^ios/'; then
  echo "ios/ exists but holds no Swift files"
  exit 1
fi
exec python3 scripts/swift_syntax.py "${files[@]}"

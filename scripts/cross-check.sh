#!/usr/bin/env bash
# `cargo check` of the phone library (zairyu-ffi: the core, the FFI and the platform loggers) for the phone targets, for each
# target whose standard library is installed (rustup target add aarch64-linux-android
# aarch64-apple-ios); a missing target is reported as SKIPPED, not as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
installed=$(rustup target list --installed 2>/dev/null || true)
for target in aarch64-linux-android aarch64-apple-ios; do
  if ! grep -qx "$target" <<<"$installed"; then
    echo "SKIPPED: target not installed: $target"
    continue
  fi
  flags=() note=""
  if [ "$target" = aarch64-apple-ios ] && ! command -v xcrun >/dev/null; then
    # oslog's build script compiles C against the iOS SDK; everything else is still checked.
    flags=(--no-default-features) note=" (without oslog: no Xcode here, its C shim is not checked)"
  fi
  if cargo check -q -p zairyu-ffi --lib --target "$target" "${flags[@]}"; then
    echo "cross-check $target: ok$note"
  else
    echo "cross-check $target: FAILED"
    status=1
  fi
done
exit $status

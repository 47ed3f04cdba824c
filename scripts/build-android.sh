#!/usr/bin/env bash
# Builds the Rust core for the Android app and places it in the :core module:
#   android/core/src/main/generated/jniLibs/{arm64-v8a,armeabi-v7a,x86_64}/libzairyu_ffi.so
#     cargo-ndk, API 23 (the app's minSdk), linked for 16 KB pages (-z max-page-size=16384, which
#     Google Play requires for apps targeting Android 15+), checked with llvm-readelf afterwards;
#   android/core/src/main/generated/kotlin/   the Android-flavour UniFFI bindings (uniffi-android.toml);
#   android/app/src/main/assets/trust/        the pinned ISA root certificates, when available.
# Then build the app with Gradle (android/README.md).
#
# Usage: scripts/build-android.sh [--debug] [--trust-dir DIR] [--require-trust]
#   --debug          cargo's dev profile (faster to build, much slower to read a card)
#   --trust-dir DIR  where scripts/fetch-trust-anchors.sh put the roots (default: trust-anchors/)
#   --require-trust  fail instead of warn when there are no roots (use for store builds: without
#                    them every real card's issuer check fails)
# Needs: the Android NDK (r27 or newer; ANDROID_NDK_HOME, ANDROID_NDK_ROOT, or ndk/ under
# ANDROID_HOME / ANDROID_SDK_ROOT), cargo-ndk (cargo install cargo-ndk), and the Rust targets
# aarch64-linux-android, armv7-linux-androideabi, x86_64-linux-android.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
trust_dir=trust-anchors
require_trust=0
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug; shift ;;
    --trust-dir) [ $# -ge 2 ] || { echo "error: --trust-dir needs a directory" >&2; exit 2; }; trust_dir=$2; shift 2 ;;
    --require-trust) require_trust=1; shift ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

min_sdk=23
abis=(arm64-v8a armeabi-v7a x86_64)
triples=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android)
out=android/core/src/main/generated
missing=()

# --- prerequisites, all reported at once -------------------------------------------------------
ndk=${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}
if [ -z "$ndk" ]; then
  for sdk in "${ANDROID_HOME:-}" "${ANDROID_SDK_ROOT:-}"; do
    if [ -n "$sdk" ] && [ -d "$sdk/ndk" ]; then
      newest=$(find "$sdk/ndk" -mindepth 1 -maxdepth 1 -type d | sort -V | tail -n 1)
      [ -n "$newest" ] && ndk=$newest && break
    fi
  done
fi
if [ -z "$ndk" ] || [ ! -f "$ndk/source.properties" ]; then
  missing+=("Android NDK: install it (Android Studio > SDK Manager > SDK Tools > NDK, or sdkmanager 'ndk;27.2.12479018') and set ANDROID_NDK_HOME")
else
  ndk_major=$(sed -n 's/^Pkg.Revision *= *\([0-9]*\).*/\1/p' "$ndk/source.properties")
  if [ -n "$ndk_major" ] && [ "$ndk_major" -lt 27 ]; then
    missing+=("Android NDK r27 or newer (found r$ndk_major at $ndk): older NDKs lack 16 KB page support")
  fi
fi
command -v cargo >/dev/null || missing+=("Rust: install rustup (https://rustup.rs)")
if command -v cargo >/dev/null && ! cargo ndk --version >/dev/null 2>&1; then
  missing+=("cargo-ndk: cargo install cargo-ndk")
fi
if command -v rustup >/dev/null; then
  installed=$(rustup target list --installed)
  for t in "${triples[@]}"; do
    grep -qx "$t" <<<"$installed" || missing+=("Rust target $t: rustup target add $t")
  done
else
  missing+=("rustup (to add the Android targets): https://rustup.rs")
fi
if [ "${#missing[@]}" -ne 0 ]; then
  echo "build-android: cannot build, missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
export ANDROID_NDK_HOME=$ndk

# --- native libraries --------------------------------------------------------------------------
# Per-target flags, so host builds (build scripts, the bindings generator) are left alone.
page_flags="-C link-arg=-Wl,-z,max-page-size=16384 -C link-arg=-Wl,-z,common-page-size=16384"
export CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS=$page_flags
export CARGO_TARGET_ARMV7_LINUX_ANDROIDEABI_RUSTFLAGS=$page_flags
export CARGO_TARGET_X86_64_LINUX_ANDROID_RUSTFLAGS=$page_flags

ndk_args=()
for abi in "${abis[@]}"; do ndk_args+=(-t "$abi"); done
cargo_args=(build -p zairyu-ffi --lib)
[ "$profile" = release ] && cargo_args+=(--release)
rm -rf "$out/jniLibs"
mkdir -p "$out/jniLibs"
echo "building libzairyu_ffi ($profile) for ${abis[*]} with the NDK at $ndk"
cargo ndk "${ndk_args[@]}" --platform "$min_sdk" -o "$out/jniLibs" "${cargo_args[@]}"

# Every LOAD segment must be aligned to 16 KB (0x4000) or more.
readelf=$(find "$ndk/toolchains/llvm/prebuilt" -name llvm-readelf -type f 2>/dev/null | head -n 1)
for abi in "${abis[@]}"; do
  so="$out/jniLibs/$abi/libzairyu_ffi.so"
  [ -f "$so" ] || { echo "build-android: $so was not produced" >&2; exit 1; }
  if [ -n "$readelf" ]; then
    bad=""
    while read -r align; do
      if [ $((align)) -lt 16384 ]; then bad+=" $align"; fi
    done < <("$readelf" -lW "$so" | awk '$1 == "LOAD" { print $NF }')
    if [ -n "$bad" ]; then
      echo "build-android: $so has LOAD segments aligned below 16 KB:$bad" >&2
      exit 1
    fi
    echo "$abi: $(du -h "$so" | cut -f1), LOAD segments 16 KB-aligned"
  else
    echo "$abi: built (llvm-readelf not found in the NDK: 16 KB alignment not verified)"
  fi
done

# --- bindings ----------------------------------------------------------------------------------
bindings_tmp=$(mktemp -d)
trap 'rm -rf "$bindings_tmp"' EXIT
scripts/generate-bindings.sh "$bindings_tmp" >/dev/null
rm -rf "$out/kotlin"
mkdir -p "$out/kotlin"
cp -R "$bindings_tmp/kotlin-android/." "$out/kotlin/"
if ! diff -rq "$bindings_tmp/kotlin-android" bindings/kotlin-android >/dev/null; then
  echo "note: bindings/kotlin-android is out of date; run scripts/generate-bindings.sh and commit it"
fi
echo "Android bindings: $out/kotlin"

# --- trust anchors -----------------------------------------------------------------------------
assets=android/app/src/main/assets/trust
rm -rf "$assets"
roots=()
if [ -d "$trust_dir" ]; then
  while IFS= read -r -d '' f; do roots+=("$f"); done < <(find "$trust_dir" -maxdepth 1 -type f \( -name '*.der' -o -name '*.cer' -o -name '*.crt' -o -name keys_smrsapub_001.bin \) -print0)
fi
if [ "${#roots[@]}" -gt 0 ]; then
  mkdir -p "$assets"
  cp "${roots[@]}" "$assets/"
  echo "trust anchors: ${#roots[@]} file(s) from $trust_dir (the core uses only fingerprint-pinned ones)"
elif [ "$require_trust" = 1 ]; then
  echo "build-android: no trust anchors in $trust_dir (run scripts/fetch-trust-anchors.sh)" >&2
  exit 1
else
  echo "warning: no trust anchors in $trust_dir: real cards will fail the issuer check" \
    "(run scripts/fetch-trust-anchors.sh; the demo card is unaffected)"
fi
echo "done: now build with Gradle in android/ (see android/README.md)"

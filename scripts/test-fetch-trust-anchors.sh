#!/usr/bin/env bash
# Tests scripts/fetch-trust-anchors.sh without contacting any external host: a closed local port
# stands for "no network", and a file:// folder of wrong certificates for a tampered download.
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SCRIPT="$HERE/fetch-trust-anchors.sh"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/zairyu-trust-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
ko() { failed=$((failed + 1)); echo "FAIL - $1"; }
expect() { # description, then a command that must succeed
  local d="$1"; shift
  if "$@"; then ok "$d"; else ko "$d"; fi
}
contains() { grep -qF -- "$2" "$1"; }
empty_or_absent() { [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ]; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# Wrong certificates: the fixture test roots if present, otherwise fresh self-signed ones.
CERTS="$WORK/certs"; mkdir -p "$CERTS"
for n in test-root rogue-root other-root expired-root; do
  if [ -f "$ROOT/fixtures/test-ca/$n.der" ]; then
    cp "$ROOT/fixtures/test-ca/$n.der" "$CERTS/$n.der"
  else
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$CERTS/$n.key" -subj "/CN=$n" -days 1 \
      -outform DER -out "$CERTS/$n.der" 2>/dev/null
  fi
done

# --- (a) no network: closed local port ----------------------------------------------------------
OUT_A="$WORK/out-a"
rc=0
ZAIRYU_TRUST_BASE_URL="http://127.0.0.1:9/" "$SCRIPT" --out "$OUT_A" >"$WORK/a.out" 2>"$WORK/a.err" || rc=$?
expect "no network: non-zero exit" [ "$rc" -ne 0 ]
expect "no network: says it cannot reach the URL" contains "$WORK/a.err" "cannot reach http://127.0.0.1:9/930001756.crt"
expect "no network: says no trust anchors were changed" contains "$WORK/a.err" "no trust anchors were changed"
expect "no network: output dir untouched" empty_or_absent "$OUT_A"

# --- (b) wrong certificates under the official names ----------------------------------------------
SITE="$WORK/site"; mkdir -p "$SITE"
cp "$CERTS/test-root.der" "$SITE/930001756.crt"
openssl x509 -inform DER -in "$CERTS/rogue-root.der" -outform PEM -out "$SITE/930001757.crt"
cp "$CERTS/other-root.der" "$SITE/001353372.crt"
cp "$CERTS/expired-root.der" "$SITE/001421582.crt"
mkdir -p "$WORK/zip" && cp "$CERTS/test-root.der" "$WORK/zip/ec_cacert_20260420.crt"
(cd "$WORK/zip" && python3 -c 'import zipfile; z=zipfile.ZipFile("../site/001462221.zip","w"); z.write("ec_cacert_20260420.crt"); z.close()')
# A delivery-key zip with the right member name and the wrong key inside.
mkdir -p "$WORK/zip2" && cp "$ROOT/fixtures/specified/delivery-test-pub.der" "$WORK/zip2/keys_smrsapub_001.bin"
(cd "$WORK/zip2" && python3 -c 'import zipfile; z=zipfile.ZipFile("../site/001462222.zip","w"); z.write("keys_smrsapub_001.bin"); z.close()')

OUT_B="$WORK/out-b"
rc=0
ZAIRYU_TRUST_BASE_URL="file://$SITE/" "$SCRIPT" "$OUT_B" >"$WORK/b.out" 2>"$WORK/b.err" || rc=$?
expect "wrong certs: non-zero exit" [ "$rc" -ne 0 ]
expect "wrong certs: names the file with expected and actual digest" contains "$WORK/b.err" \
  "refused: 930001756.crt: SHA-256 mismatch: expected 97f37c5967af5f3cd84e6ed694b09539abb7f8e7e76b6f7496a060008982983d, got $(sha "$CERTS/test-root.der")"
expect "wrong certs: PEM converted to DER before hashing" contains "$WORK/b.err" \
  "refused: 930001757.crt: SHA-256 mismatch: expected ff02323cea7b8c3dfc0dc2de79d46e78514af587368523086b188e9690aec861, got $(sha "$CERTS/rogue-root.der")"
expect "wrong certs: 001353372.crt refused" contains "$WORK/b.err" "refused: 001353372.crt: SHA-256 mismatch"
expect "wrong certs: 001421582.crt refused" contains "$WORK/b.err" "refused: 001421582.crt: SHA-256 mismatch"
expect "wrong certs: CA2 zip refused by its pinned digest" contains "$WORK/b.err" \
  "refused: 001462221.zip: SHA-256 mismatch: expected fed0160250a0e95377a55868431397b47ebf97ba77d0dd33aeadc4484a230f15"
expect "wrong certs: delivery-key zip refused by its pinned digest" contains "$WORK/b.err" \
  "refused: 001462222.zip: SHA-256 mismatch: expected 05a19a2d2685a25a889f1289532734127d16037519ddf8a6d9e4ed393a221d8b"
expect "wrong certs: says no trust anchors were changed" contains "$WORK/b.err" "6 file(s) refused; no trust anchors were changed"
expect "wrong certs: nothing left in the output dir" empty_or_absent "$OUT_B"

# --- (b2) an existing trust directory is left exactly as it was -----------------------------------
OUT_C="$WORK/out-c"; mkdir -p "$OUT_C"; echo keep >"$OUT_C/existing.crt"
rc=0
ZAIRYU_TRUST_BASE_URL="file://$SITE/" "$SCRIPT" --out "$OUT_C" >/dev/null 2>&1 || rc=$?
expect "existing dir: non-zero exit" [ "$rc" -ne 0 ]
unchanged() { [ "$(ls -A "$OUT_C")" = "existing.crt" ] && [ "$(cat "$OUT_C/existing.crt")" = keep ]; }
expect "existing dir: unchanged (one file, same content)" unchanged

# --- (c) a file missing on the site -----------------------------------------------------------------
rm "$SITE/001421582.crt"
OUT_D="$WORK/out-d"
rc=0
ZAIRYU_TRUST_BASE_URL="file://$SITE/" "$SCRIPT" --out="$OUT_D" >/dev/null 2>"$WORK/d.err" || rc=$?
expect "missing file: non-zero exit" [ "$rc" -ne 0 ]
expect "missing file: names it" contains "$WORK/d.err" "001421582.crt"
expect "missing file: nothing left in the output dir" empty_or_absent "$OUT_D"

# --- (d) the script's pins are the Rust pins ------------------------------------------------------
TRUST_RS="$ROOT/rust-core/src/verify/trust.rs"
rust_pins="$(grep -o 'sha256_hex: "[0-9a-f]\{64\}"' "$TRUST_RS" | grep -o '[0-9a-f]\{64\}' | head -5 | sort)"
script_pins="$(grep -o '\]=[0-9a-f]\{64\}' "$SCRIPT" | grep -o '[0-9a-f]\{64\}' | sort)"
expect "pins: five certificate pins in the script" [ "$(echo "$script_pins" | wc -l)" -eq 5 ]
expect "pins: script and trust.rs agree (4 gen1 + CA2 production)" [ "$rust_pins" = "$script_pins" ]

# --- (d2) the delivery-key pins are the Rust pins ---------------------------------------------------
KEY_RS="$ROOT/rust-core/src/specified/delivery_key.rs"
key_rs="$(grep -o 'SHA256: &str = "[0-9a-f]\{64\}"' "$KEY_RS" | grep -o '[0-9a-f]\{64\}' | sort)"
key_script="$(grep -o '^DELIVERY_[A-Z_]*SHA256=[0-9a-f]\{64\}' "$SCRIPT" | grep -o '[0-9a-f]\{64\}' | sort)"
expect "pins: two delivery-key pins in the script" [ "$(echo "$key_script" | wc -l)" -eq 2 ]
expect "pins: delivery-key pins of script and delivery_key.rs agree" [ "$key_rs" = "$key_script" ]

# --- (e) usage errors ------------------------------------------------------------------------------
rc=0; "$SCRIPT" --bogus >/dev/null 2>&1 || rc=$?
expect "unknown option: exit 2" [ "$rc" -eq 2 ]

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Downloads the official ISA "ZairyuCard CA" root certificates (first generation, gen1-chip.md §8.2)
# and the "ZairyuCard CA2" root (second generation, gen2-chip.md §7) into a trust directory, checking
# every file against the SHA-256 fingerprints pinned in rust-core/src/verify/trust.rs; and ISA's RSA
# delivery key for specified cards (keys_smrsapub_001.bin from 001462222.zip, gen2-chip.md §9; public
# material, not a trust anchor), pinned in rust-core/src/specified/delivery_key.rs.
#
# Usage: scripts/fetch-trust-anchors.sh [--out DIR | DIR]      (default DIR: trust-anchors/)
# Env:   ZAIRYU_TRUST_BASE_URL  base URL (default https://www.moj.go.jp/isa/content/); tests point it
#                               at a closed local port or a file:// folder.
#
# All or nothing: files are downloaded into a temporary directory and converted to DER; only when
# every certificate (and the CA2 zip) matches its pinned digest are they moved into DIR (each by an
# atomic rename). On any failure nothing in DIR is changed and the exit status is non-zero.
# Certificates are written as DER under their official names (the CA2 one as ec_cacert_20260420.crt);
# the delivery key as keys_smrsapub_001.bin, byte for byte as in the zip.
set -euo pipefail

BASE_URL="${ZAIRYU_TRUST_BASE_URL:-https://www.moj.go.jp/isa/content/}"
case "$BASE_URL" in */) ;; *) BASE_URL="$BASE_URL/" ;; esac
OUT="trust-anchors"

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || { echo "error: --out needs a directory" >&2; exit 2; }; OUT="$2"; shift 2 ;;
    --out=*) OUT="${1#--out=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) OUT="$1"; shift ;;
  esac
done

# Pinned SHA-256 of the DER certificates: the same values as PINNED_ANCHORS in
# rust-core/src/verify/trust.rs (scripts/test-fetch-trust-anchors.sh checks that they agree).
GEN1_FILES=(930001756.crt 930001757.crt 001353372.crt 001421582.crt)
declare -A PIN=(
  [930001756.crt]=97f37c5967af5f3cd84e6ed694b09539abb7f8e7e76b6f7496a060008982983d
  [930001757.crt]=ff02323cea7b8c3dfc0dc2de79d46e78514af587368523086b188e9690aec861
  [001353372.crt]=6f50161aa80f7ff7c630505faf472906f7b101d5083e327a6182c82cd7985e67
  [001421582.crt]=bf854466ed9abf61f559c39bf8790546f8acdab99b51fd2330563669ce4a71b2
  [ec_cacert_20260420.crt]=11e6ad8b8e64f0cdb1d8ba9e3689926c80e8479a2f098616f674a23582bec13b
)
CA2_ZIP=001462221.zip
CA2_ZIP_SHA256=fed0160250a0e95377a55868431397b47ebf97ba77d0dd33aeadc4484a230f15
CA2_MEMBER=ec_cacert_20260420.crt
# Specified cards' delivery key: the same values as ISA_DELIVERY_* in
# rust-core/src/specified/delivery_key.rs (scripts/test-fetch-trust-anchors.sh checks that they agree).
DELIVERY_ZIP=001462222.zip
DELIVERY_ZIP_SHA256=05a19a2d2685a25a889f1289532734127d16037519ddf8a6d9e4ed393a221d8b
DELIVERY_MEMBER=keys_smrsapub_001.bin
DELIVERY_MEMBER_SHA256=98bf7014e478241f7943fc1a76c38b6c7bda4da9a927d106ae9ab8a1ad684d0a

die() { echo "error: $*" >&2; exit 1; }

command -v curl >/dev/null || die "curl is required; no trust anchors were changed"

sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null; then shasum -a 256 "$1" | cut -d' ' -f1
  else openssl dgst -sha256 -r "$1" | cut -d' ' -f1
  fi
}

# PEM → DER in place (the fingerprint is over the DER). DER input is left as it is.
to_der() {
  local f="$1"
  if head -c 4096 "$f" | LC_ALL=C grep -q -- '-----BEGIN'; then
    if command -v openssl >/dev/null; then
      openssl x509 -inform PEM -outform DER -in "$f" -out "$f.der" 2>/dev/null || return 1
    elif command -v python3 >/dev/null; then
      python3 - "$f" "$f.der" <<'PY' || return 1
import base64, re, sys
text = open(sys.argv[1], "rb").read().decode("ascii")
m = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)
if not m:
    sys.exit(1)
open(sys.argv[2], "wb").write(base64.b64decode("".join(m.group(1).split()), validate=True))
PY
    else
      return 1
    fi
    mv -f "$f.der" "$f"
  fi
}

TMP="$(mktemp -d "${TMPDIR:-/tmp}/zairyu-trust.XXXXXX")"
STAGE=""
cleanup() { rm -rf "$TMP"; if [ -n "$STAGE" ]; then rm -rf "$STAGE"; fi; }
trap cleanup EXIT

fetch() { # url dest
  local url="$1" dest="$2" rc=0
  curl --fail --silent --show-error --location --max-redirs 3 \
       --proto '=https,http,file' --connect-timeout 10 --max-time 60 \
       -o "$dest" "$url" 2>"$TMP/curl.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    rm -f "$dest"
    case "$rc" in
      5|6|7|28|35|52|55|56)
        die "cannot reach $url (curl exit $rc: $(head -c 200 "$TMP/curl.err")); no trust anchors were changed" ;;
      *)
        die "download of $url failed (curl exit $rc: $(head -c 200 "$TMP/curl.err")); no trust anchors were changed" ;;
    esac
  fi
}

refused=0
check() { # file-in-TMP expected label
  local f="$1" expected="$2" label="$3" actual
  actual="$(sha256_of "$f")"
  if [ "$actual" != "$expected" ]; then
    echo "refused: $label: SHA-256 mismatch: expected $expected, got $actual" >&2
    rm -f "$f"
    refused=$((refused + 1))
    return 1
  fi
  echo "verified: $label sha256 $actual"
}

for name in "${GEN1_FILES[@]}"; do
  fetch "${BASE_URL}${name}" "$TMP/$name"
  if ! to_der "$TMP/$name"; then
    echo "refused: $name: PEM text that is not a readable certificate" >&2
    rm -f "$TMP/$name"; refused=$((refused + 1)); continue
  fi
  check "$TMP/$name" "${PIN[$name]}" "$name" || true
done

fetch "${BASE_URL}${CA2_ZIP}" "$TMP/$CA2_ZIP"
if check "$TMP/$CA2_ZIP" "$CA2_ZIP_SHA256" "$CA2_ZIP"; then
  mkdir "$TMP/ca2"
  if command -v unzip >/dev/null; then
    unzip -p "$TMP/$CA2_ZIP" "$CA2_MEMBER" >"$TMP/ca2/$CA2_MEMBER" 2>/dev/null || true
  else
    python3 -c 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
      "$TMP/$CA2_ZIP" "$CA2_MEMBER" >"$TMP/ca2/$CA2_MEMBER" 2>/dev/null || true
  fi
  rm -f "$TMP/$CA2_ZIP"
  if [ ! -s "$TMP/ca2/$CA2_MEMBER" ] || ! to_der "$TMP/ca2/$CA2_MEMBER"; then
    echo "refused: $CA2_ZIP: no readable $CA2_MEMBER inside" >&2
    refused=$((refused + 1))
  elif check "$TMP/ca2/$CA2_MEMBER" "${PIN[$CA2_MEMBER]}" "$CA2_ZIP:$CA2_MEMBER"; then
    mv "$TMP/ca2/$CA2_MEMBER" "$TMP/$CA2_MEMBER"
  fi
fi

fetch "${BASE_URL}${DELIVERY_ZIP}" "$TMP/$DELIVERY_ZIP"
if check "$TMP/$DELIVERY_ZIP" "$DELIVERY_ZIP_SHA256" "$DELIVERY_ZIP"; then
  mkdir "$TMP/delivery"
  if command -v unzip >/dev/null; then
    unzip -p "$TMP/$DELIVERY_ZIP" "$DELIVERY_MEMBER" >"$TMP/delivery/$DELIVERY_MEMBER" 2>/dev/null || true
  else
    python3 -c 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
      "$TMP/$DELIVERY_ZIP" "$DELIVERY_MEMBER" >"$TMP/delivery/$DELIVERY_MEMBER" 2>/dev/null || true
  fi
  rm -f "$TMP/$DELIVERY_ZIP"
  if [ ! -s "$TMP/delivery/$DELIVERY_MEMBER" ]; then
    echo "refused: $DELIVERY_ZIP: no $DELIVERY_MEMBER inside" >&2
    refused=$((refused + 1))
  elif check "$TMP/delivery/$DELIVERY_MEMBER" "$DELIVERY_MEMBER_SHA256" "$DELIVERY_ZIP:$DELIVERY_MEMBER"; then
    mv "$TMP/delivery/$DELIVERY_MEMBER" "$TMP/$DELIVERY_MEMBER"
  fi
fi

if [ "$refused" -ne 0 ]; then
  die "$refused file(s) refused; no trust anchors were changed"
fi

# Every file verified: stage next to DIR (same file system) and rename each into place.
mkdir -p "$OUT"
STAGE="$(mktemp -d "$OUT/.incoming.XXXXXX")"
installed=("${GEN1_FILES[@]}" "$CA2_MEMBER" "$DELIVERY_MEMBER")
for name in "${installed[@]}"; do cp "$TMP/$name" "$STAGE/$name"; done
for name in "${installed[@]}"; do mv -f "$STAGE/$name" "$OUT/$name"; done
echo "installed $(( ${#installed[@]} - 1 )) trust anchors and the specified cards' delivery key ($DELIVERY_MEMBER) into $OUT"

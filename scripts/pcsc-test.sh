#!/usr/bin/env bash
# Reads the software card through the real PC/SC stack: pcscd + vsmartcard's vpcd driver, with
# `zairyu softcard serve` as the virtual card and `zairyu read` as the reader program.
# Meant for a fresh Debian machine as root without systemd (CI); installs what it needs with apt.
# Prints one line per case and ends with "N passed, N failed"; exits non-zero on any failure.
# Stops everything it started, by PID.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

# vpcd's first slot listens on 35963 ("Virtual PCD 00 00"), the second on 35964 ("… 00 01"):
# PCSC_TEST_VPCD_SLOT=1 runs the suite on the second one (when another suite holds the first).
VPCD_SLOT=${PCSC_TEST_VPCD_SLOT:-0}
VPCD_PORT=$((35963 + VPCD_SLOT))
READER="Virtual PCD 00 0$VPCD_SLOT"
TRUST=fixtures/test-ca/test-root.der
TRUST2=fixtures/gen2/test-ca2.der
WORK=$(mktemp -d /tmp/zairyu-pcsc-test.XXXXXX)
passed=0
failed=0
LOG_PREFIX=pcsc-test
# shellcheck source=scripts/vpcd-common.sh
source scripts/vpcd-common.sh

diagnostics() {
  echo "--- pcscd log (last 40 lines) ---" >&2
  tail -n 40 "$PCSCD_LOG" >&2 2>/dev/null || true
  if [ -n "${SERVE_LOG:-}" ] && [ -f "$SERVE_LOG" ]; then
    echo "--- softcard serve log ---" >&2
    tail -n 20 "$SERVE_LOG" >&2
  fi
}

# --- 1. packages ------------------------------------------------------------------------------
install_packages pcscd vsmartcard-vpcd libpcsclite-dev pkg-config jq || exit 1
if ! grep -qi "0x8C7B\|35963" /etc/reader.conf.d/vpcd 2>/dev/null; then
  log "warning: /etc/reader.conf.d/vpcd does not name port $VPCD_PORT:"
  cat /etc/reader.conf.d/vpcd >&2 2>/dev/null
fi

# --- 2. build once ----------------------------------------------------------------------------
# ZAIRYU_BIN: a binary built elsewhere (a shared target directory another checkout also builds
# into can swap the binary mid-run; copy it out and point here).
if [ -n "${ZAIRYU_BIN:-}" ]; then
  Z=$ZAIRYU_BIN
else
  log "building zairyu"
  cargo build -q -p zairyu-desktop --bin zairyu || { log "build failed"; exit 1; }
  TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory)
  Z="$TARGET_DIR/debug/zairyu"
fi
[ -x "$Z" ] || { log "no binary at $Z"; exit 1; }

# --- 3. pcscd ---------------------------------------------------------------------------------
take_vpcd_and_pcscd || { echo "0 passed, 1 failed"; exit 1; }

VPCD_READER_FILTER='.readers | map(select(.name | startswith("Virtual PCD"))) | length > 0'
CARD_PRESENT_FILTER=".readers | map(select((.name | startswith(\"$READER\")) and .card_present)) | length > 0"
CARD_ABSENT_FILTER=".readers | map(select((.name | startswith(\"$READER\")) and .card_present)) | length == 0"

if ! wait_for "$VPCD_READER_FILTER" 20 "the vpcd reader"; then
  diagnostics
  echo "0 passed, 1 failed"
  exit 1
fi

# --- 4. cases ---------------------------------------------------------------------------------
serve() {
  local profile=$1
  SERVE_LOG=$WORK/serve-$profile.log
  "$Z" softcard serve --vpcd "127.0.0.1:$VPCD_PORT" --profile "$profile" >"$SERVE_LOG" 2>&1 &
  SERVE_PID=$!
  wait_for "$CARD_PRESENT_FILTER" 20 "the $profile card on the vpcd reader"
}

unserve() {
  stop_pid "$SERVE_PID" INT 5
  SERVE_PID=
  wait_for "$CARD_ABSENT_FILTER" 20 "the card to leave the vpcd reader"
}

number_of() {
  "$Z" softcard list --json | jq -r --arg p "$1" '.profiles[] | select(.name == $p) | .card_number'
}

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; diagnostics; }

# case NAME PROFILE NUMBER EXPECTED_EXIT JQ_FILTER [EXTRA_READ_ARGS...]
run_case() {
  local name=$1 profile=$2 number=$3 want_exit=$4 filter=$5
  shift 5
  if ! serve "$profile"; then
    fail "$name: the card never appeared on the reader"
    unserve
    return
  fi
  local out=$WORK/$name.json err=$WORK/$name.err code
  timeout 90 "$Z" read --number "$number" --json --trust "$TRUST" --trust "$TRUST2" --reader "$READER" "$@" >"$out" 2>"$err"
  code=$?
  local lines
  lines=$(wc -l <"$out")
  if [ "$code" -ne "$want_exit" ]; then
    fail "$name: exit $code, expected $want_exit; stdout: $(head -c 400 "$out"); stderr: $(head -c 400 "$err")"
  elif [ "$lines" -ne 1 ]; then
    fail "$name: stdout has $lines lines, expected exactly one JSON object"
  elif ! jq -e "$filter" "$out" >/dev/null 2>&1; then
    fail "$name: JSON does not satisfy $filter: $(head -c 600 "$out")"
  else
    pass "$name (profile $profile): exit $code, $(jq -c "$filter" "$out" >/dev/null && jq -r 'if .status == "ok" then "verdict \(.verification.verdict), tamper \(.verification.tamper), issuer \(.verification.issuer)" else "error \(.error.code)" end' "$out")"
  fi
  unserve || true
}

RES=$(number_of residence)
SPRC=$(number_of sprc)
GEN2=$(number_of gen2-residence)
SPEC7=$(number_of specified-07)
SPEC8=$(number_of specified-08)
[ -n "$RES" ] && [ -n "$SPRC" ] && [ -n "$GEN2" ] && [ -n "$SPEC7" ] && [ -n "$SPEC8" ] || { log "could not get profile numbers"; echo "0 passed, 1 failed"; exit 1; }
# Specified cards (07/08): the software card's TEST delivery key (a real card needs ISA's).
DELIVERY=fixtures/specified/delivery-test-pub.der

run_case happy-path residence "$RES" 0 \
  '.status == "ok" and .verification.verdict == "normal" and .verification.tamper == "ok" and .verification.issuer == "ok" and .verification.anchor.kind == "test" and .card.kind == "residence_card" and .card.type_code == "1" and .wire.extended_length == true'
run_case wrong-number residence "$SPRC" 2 \
  '.status == "error" and .error.code == "wrong_card_number"'
run_case tampered tampered "$RES" 1 \
  '.status == "ok" and .verification.tamper == "failed" and .verification.tamper_reason == "hash_mismatch" and .verification.issuer == "ok" and .verification.verdict == "abnormal"'
run_case unknown-ca unknown-ca "$RES" 1 \
  '.status == "ok" and .verification.issuer == "failed" and .verification.issuer_reason == "unknown_issuer" and .verification.tamper == "ok" and .verification.verdict == "abnormal"'
run_case pulled-away pulled-away "$RES" 2 \
  '.status == "error" and .error.code == "card_lost"'
run_case not-residence not-residence "$RES" 2 \
  '.status == "error" and .error.code == "not_a_residence_card"'
run_case short-apdu-retry short-apdu "$RES" 0 \
  '.status == "ok" and .verification.verdict == "normal" and .wire.extended_length == false'
run_case gen2-happy-path gen2-residence "$GEN2" 0 \
  '.status == "ok" and .card.generation == 2 and .card.type_code == "05" and .verification.verdict == "normal" and .verification.signature_layout == "ecdsa_raw" and .verification.anchor.kind == "test"'

# Specified cards (issue 16): SET SESSION KEY (extended Lc 256) and counter SM through pcscd + vpcd.
run_case specified-07 specified-07 "$SPEC7" 0 \
  '.status == "ok" and .card == {"kind": "specified_residence_card", "generation": 2, "type_code": "07"} and .verification.verdict == "normal" and .verification.tamper == "ok" and .verification.issuer == "ok" and .verification.anchor.kind == "test" and .wire.apdus == 17' \
  --delivery-key "$DELIVERY"
run_case specified-08 specified-08 "$SPEC8" 0 \
  '.status == "ok" and .card == {"kind": "specified_special_permanent_resident_certificate", "generation": 2, "type_code": "08"} and .verification.verdict == "normal" and .wire.apdus == 15' \
  --delivery-key "$DELIVERY"
run_case specified-wrong-number specified-07 "$RES" 2 \
  '.status == "error" and .error.code == "wrong_card_number"' --delivery-key "$DELIVERY"
run_case specified-counter-mismatch specified-07-counter-mismatch "$SPEC7" 2 \
  '.status == "error" and .error.code == "secure_messaging_error" and .error.sw == "6988"' --delivery-key "$DELIVERY"
run_case specified-no-delivery-key specified-07 "$SPEC7" 2 \
  '.status == "error" and .error.code == "delivery_key_missing" and .error.missing == "keys_smrsapub_001.bin"'

# --- 5. My Number (issue 15): `zairyu mynumber` on the served mynumber-* profiles ------------------
MN=fixtures/mynumber
MN_TRUST=(--trust "$MN/auth-root.der" --trust "$MN/sign-root.der" --trust "$MN/cvca-9000023.json" --trust "$MN/cvca-9000033.json")

# mn_run NAME EXPECTED_EXIT STDIN JQ_FILTER ARGS... (the card must already be served)
mn_run() {
  local name=$1 want_exit=$2 input=$3 filter=$4
  shift 4
  local out=$WORK/$name.json err=$WORK/$name.err code lines
  printf '%s' "$input" | timeout 90 "$Z" --json mynumber "$@" "${MN_TRUST[@]}" --reader "Virtual PCD 00 00" >"$out" 2>"$err"
  code=$?
  lines=$(wc -l <"$out")
  if [ "$code" -ne "$want_exit" ]; then
    fail "$name: exit $code, expected $want_exit; stdout: $(head -c 400 "$out"); stderr: $(head -c 400 "$err")"
  elif [ "$lines" -ne 1 ]; then
    fail "$name: stdout has $lines lines, expected exactly one JSON object"
  elif ! jq -e "$filter" "$out" >/dev/null 2>&1; then
    fail "$name: JSON does not satisfy $filter: $(head -c 600 "$out")"
  else
    pass "$name: exit $code, $(jq -r 'if .status == "ok" then "verdict \(.verification.verdict // "-")" else "error \(.error.code)" end' "$out")"
  fi
}

if serve mynumber-complete; then
  mn_run mn-in-person 0 "" \
    '.status == "ok" and .check == "in_person" and .card.kind == "my_number_card" and .holder.birth_date == "1985-04-12" and .holder.card_expiry == "2034-04-12" and .verification.tamper == "ok" and .verification.test_anchor == true and .verification.verdict == "normal"' \
    check --birth 1985-04-12 --expiry-year 2034 --code 4826
  mn_run mn-pin-check 0 $'1234\n' \
    '.status == "ok" and .check == "pin" and .holder.name == "試験　花子" and .holder.sex == "female" and .verification.integrity == "ok" and .verification.verdict == "normal" and (has("individual_number") | not)' \
    read --pin-stdin
  mn_run mn-auth 0 $'5678\n' \
    '.status == "ok" and .check == "auth" and .verification.signature == "ok" and .verification.chain == "ok" and .verification.certificate_status == "valid" and .verification.revocation == "not_checked" and .verification.verdict == "normal"' \
    auth --pin-stdin
  mn_run mn-wrong-pin 2 $'0000\n' \
    '.status == "error" and .error.code == "wrong_pin" and .error.tries_left == 2' \
    auth --pin-stdin
  mn_run mn-tries-left 0 "" \
    '.status == "ok" and .check == "status" and .pins.auth.tries_left == 2 and .pins.auth.blocked == false and .pins.input_helper.tries_left == 3' \
    status
  unserve || true
else
  fail "mn: the mynumber-complete card never appeared on the reader"
  unserve
fi
if serve mynumber-last-try; then
  mn_run mn-last-try-refused 2 $'1234\n' \
    '.status == "error" and .error.code == "last_try_refused" and .error.tries_left == 1' \
    read --pin-stdin
  unserve || true
else
  fail "mn: the mynumber-last-try card never appeared on the reader"
  unserve
fi
if serve mynumber-blocked; then
  mn_run mn-blocked 2 $'1234\n' \
    '.status == "error" and .error.code == "pin_blocked"' \
    read --pin-stdin --allow-last-try
  unserve || true
else
  fail "mn: the mynumber-blocked card never appeared on the reader"
  unserve
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

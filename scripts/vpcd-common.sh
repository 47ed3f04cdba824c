# shellcheck shell=bash
# What the suites that serve the software card to the real PC/SC stack share (pcscd + vsmartcard's
# vpcd driver): stopping by PID, the apt install, the one-suite-at-a-time lock on the virtual
# reader, starting pcscd, and waiting on `zairyu readers --json`. Sourced by scripts/pcsc-test.sh
# and scripts/independent-clients-test.sh.
#
# The sourcing script sets, before calling these: LOG_PREFIX (its name, for log lines), WORK (a
# scratch directory removed at exit), and Z (the zairyu binary) before the readers functions run.
# It owns PCSCD_PID (set here when this started pcscd) and SERVE_PID (its `softcard serve`).

PCSCD_PID=
SERVE_PID=
PCSCD_LOG=${WORK:?WORK must be set before sourcing vpcd-common.sh}/pcscd.log

log() { echo "${LOG_PREFIX:-vpcd}: $*" >&2; }

# stop_pid PID SIGNAL SECONDS: signals PID and waits for it to exit; then kills it hard.
stop_pid() {
  local pid=$1 signal=$2 wait_s=$3
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "-$signal" "$pid" 2>/dev/null
  for _ in $(seq $((wait_s * 10))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.1
  done
  log "pid $pid did not stop on SIG$signal; killing"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

vpcd_cleanup() {
  stop_pid "$SERVE_PID" INT 5
  stop_pid "$PCSCD_PID" TERM 5
  rm -rf "$WORK"
}
trap vpcd_cleanup EXIT

# install_packages PKG...: apt-installs the ones missing (CI is a fresh Debian machine, as root).
install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  local missing=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt-get update -qq >/dev/null || { log "apt-get update failed"; return 1; }
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { log "apt-get install failed"; return 1; }
}

# take_vpcd_and_pcscd: one virtual reader per machine, so every suite that serves a card on it
# takes this lock first; then uses the running pcscd (only one can own /run/pcscd) or starts one.
take_vpcd_and_pcscd() {
  exec 9>/tmp/zairyu-vpcd.lock
  flock -w 900 9 || { log "the vpcd lock stayed taken for 15 minutes"; return 1; }
  if pgrep -x pcscd >/dev/null; then
    log "using the pcscd already running (pid $(pgrep -x pcscd | head -1))"
  else
    mkdir -p /run/pcscd
    pcscd --foreground --info >"$PCSCD_LOG" 2>&1 &
    PCSCD_PID=$!
    log "started pcscd (pid $PCSCD_PID)"
  fi
}

# readers_match FILTER: `zairyu readers --json` satisfies the jq FILTER.
readers_match() {
  timeout 10 "$Z" readers --json 2>/dev/null | jq -e "$1" >/dev/null 2>&1
}

# wait_for FILTER SECONDS WHAT: waits for the readers FILTER to hold, up to SECONDS.
wait_for() {
  local filter=$1 limit=$2 what=$3
  for _ in $(seq $((limit * 4))); do
    readers_match "$filter" && return 0
    if [ -n "$PCSCD_PID" ] && ! kill -0 "$PCSCD_PID" 2>/dev/null; then
      log "pcscd exited while waiting for $what"
      return 1
    fi
    sleep 0.25
  done
  log "timed out after ${limit}s waiting for $what; readers says:"
  timeout 10 "$Z" readers --json >&2
  return 1
}

#!/usr/bin/env bash
# Start-up time and idle memory of the bot as `npm start` runs it (node dist/main.js), in the shell:
#   - embedded PGlite, first start (a new data directory: unpacked from the build's template, dist/pgdata-template.tar.gz,
#     or, for a build without one, initdb and every migration) and later starts;
#   - PostgreSQL (DATABASE_URL), first start (migrations) and later starts.
# For each: "ready" is the ms of the "Mutual started" log line (from process start, so Node's boot and
# module loading count), idle RSS is VmRSS after the process has sat at the shell prompt for IDLE
# seconds after that line, and peak is its VmHWM then. `help` is the wall time of a process that answers one line and exits.
#
#   npm run build && bash scripts/measure-startup.sh              (needs PostgreSQL for the second part)
#   MUTUAL_DIST=/other/checkout/dist bash scripts/measure-startup.sh   (another build, e.g. before a change)
#   RUNS=5 IDLE=10 (defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${MUTUAL_DIST:-dist}
runs=${RUNS:-5}
idle=${IDLE:-10}
prefix="mutual-measure-$$"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -z "${REDIS_URL:-}" ] || redis-cli --scan --pattern "$prefix:*" | xargs -r redis-cli del >/dev/null' EXIT
[ -f "$dist/main.js" ] || { echo "no $dist/main.js: run npm run build first" >&2; exit 2; }

# Runs the bot with its input open but silent; IDLE seconds after it logs "Mutual started", reads its
# memory and ends its input (it shuts down as at the end of a script). Prints "ready_ms idle_rss_mib peak_mib".
idle_run() {
  local log="$tmp/log.$RANDOM" fifo="$tmp/in.$RANDOM"
  mkfifo "$fifo"
  env LOG_LEVEL=info MUTUAL_QUEUE_PREFIX="$prefix" "$@" node "$dist/main.js" <"$fifo" >/dev/null 2>"$log" &
  local pid=$!
  exec 3>"$fifo"
  local tries=0
  until grep -q '"msg":"Mutual started"' "$log" || ! kill -0 "$pid" 2>/dev/null || [ "$tries" -ge 1500 ]; do sleep 0.2; tries=$((tries + 1)); done
  sleep "$idle"
  local rss hwm
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo "?")
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo "?")
  exec 3>&-
  wait "$pid" || true
  rm -f "$fifo"
  local ready
  ready=$(sed -n 's/.*"ms":\([0-9]*\).*"msg":"Mutual started".*/\1/p' "$log")
  echo "${ready:-?} ${rss:-?} ${hwm:-?}"
}
wall_ms() { local s e; s=$(date +%s%N); printf 'help\n' | env MUTUAL_QUEUE_PREFIX="$prefix" "$@" node "$dist/main.js" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$1" '{print $c}'; }

# $1 label, $2 a command that prepares a fresh database (run before the first start), rest: env for the bot.
report() {
  local label=$1 fresh=$2; shift 2
  $fresh
  local first later
  first=$(idle_run "$@")
  later=$(for _ in $(seq "$runs"); do idle_run "$@"; done)
  printf '%-16s first start: ready %5s ms, idle RSS %4s MiB (peak %4s) | later starts (median of %s): ready %5s ms, idle RSS %4s MiB (peak %4s) | `help` round trip %5s ms\n' \
    "$label" $first "$runs" "$(col 1 <<<"$later" | median)" "$(col 2 <<<"$later" | median)" "$(col 3 <<<"$later" | median)" \
    "$(for _ in $(seq "$runs"); do wall_ms "$@"; done | median)"
}

echo "$dist ($(node --version), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
fresh_dir() { rm -rf "$tmp/data"; mkdir -p "$tmp/data"; }
report "embedded PGlite" fresh_dir MUTUAL_DATA_DIR="$tmp/data"
db="mutual_measure_$$"
fresh_db() { psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null && psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"; }
if psql -h 127.0.0.1 -U postgres -qc "SELECT 1" >/dev/null 2>&1; then
  report "PostgreSQL" fresh_db DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db WITH (FORCE)"
fi

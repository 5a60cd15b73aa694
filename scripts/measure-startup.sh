#!/usr/bin/env bash
# Measures what the closing note of the foundation reports: start-up time and idle memory of the
# bot as `npm start` runs it (node dist/main.js), on the embedded database and on PostgreSQL.
#   bash scripts/measure-startup.sh            (needs `npm run build`, Redis, and PostgreSQL for the second part)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
prefix="mutual-measure-$$"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; redis-cli --scan --pattern "$prefix:*" | xargs -r redis-cli del >/dev/null' EXIT

startup_ms() { # prints the "Mutual started" ms of one run that answers `help` and exits
  printf 'help\n' | LOG_LEVEL=info MUTUAL_QUEUE_PREFIX=$prefix "$@" node dist/main.js 2>&1 >/dev/null | sed -n 's/.*"ms":\([0-9]*\).*"msg":"Mutual started".*/\1/p'
}
wall_ms() { local s e; s=$(date +%s%N); printf 'help\n' | MUTUAL_QUEUE_PREFIX=$prefix "$@" node dist/main.js >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
idle_rss() { # RSS (MiB) of the bot process after it has sat idle at the shell prompt for 10 s
  (sleep 12) | MUTUAL_QUEUE_PREFIX=$prefix "$@" node dist/main.js >/dev/null 2>&1 &
  sleep 10
  local pid; pid=$(pgrep -n -f "node dist/main.js")
  awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"
  wait
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report() {
  local label=$1; shift
  local first; first=$(startup_ms "$@")
  local warm walls
  warm=$(for _ in $(seq "$runs"); do startup_ms "$@"; done | median)
  walls=$(for _ in $(seq "$runs"); do wall_ms "$@"; done | median)
  printf '%-22s first start %5s ms | warm start (to ready) median %5s ms | `help` round trip median %5s ms | idle RSS %s MiB\n' \
    "$label" "$first" "$warm" "$walls" "$(idle_rss "$@")"
}

report "embedded PGlite" env MUTUAL_DATA_DIR="$tmp/data"
db="mutual_measure_$$"
if psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" 2>/dev/null; then
  report "PostgreSQL" env DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db WITH (FORCE)"
fi

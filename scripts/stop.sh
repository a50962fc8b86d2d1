#!/usr/bin/env bash
# Stops everything the start scripts started (both architectures); safe to run any number of times.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/liberty.sh"

stop_pid_file() {
  local pid_file=$1 name=$2 pid
  [[ -f "$pid_file" ]] || return 0
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    log "Stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

stop_pid_file "$RUN_DIR/rest/nginx/nginx.pid" nginx
stop_pid_file "$RUN_DIR/graphql/router.pid" "Apollo Router"
for arch in rest graphql; do
  for service in "${SERVICES[@]}"; do
    stop_liberty "$service" "$arch" &
  done
done
wait
log "All stopped"

#!/usr/bin/env bash
# Stops everything the start scripts started (both architectures and the monitoring processes);
# safe to run any number of times.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/processes.sh"

for pid_file in "$RUN_DIR"/monitoring/*.pid; do
  [[ -e "$pid_file" ]] && stop_pid_file "$pid_file" "$(basename "$pid_file" .pid)"
done
stop_architecture rest &
stop_architecture graphql &
wait
log "All stopped"

#!/usr/bin/env bash
# Stops what the start scripts started; safe to run any number of times.
#   scripts/stop.sh                  everything: both architectures and the monitoring
#   scripts/stop.sh rest|graphql|monitoring ...   only those parts
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/processes.sh"
trap '' INT  # Ctrl-C while stopping would leave processes behind: finish first

parts=("$@")
((${#parts[@]} > 0)) || parts=(monitoring rest graphql)
for part in "${parts[@]}"; do
  case "$part" in
    monitoring)
      for pid_file in "$RUN_DIR"/monitoring/*.pid; do
        [[ -e "$pid_file" ]] && stop_pid_file "$pid_file" "$(basename "$pid_file" .pid)"
      done
      ;;
    rest | graphql) stop_architecture "$part" & ;;
    *) die "unknown part '$part': expected rest, graphql or monitoring" ;;
  esac
done
wait
log "Stopped: ${parts[*]}"

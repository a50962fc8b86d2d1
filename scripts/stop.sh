#!/usr/bin/env bash
# Stops what the start scripts started; safe to run any number of times.
#   scripts/stop.sh                  everything: both architectures, the monitoring and the
#                                    static target of the generator-ceiling measurement
#   scripts/stop.sh rest|graphql|monitoring|static-target ...   only those parts
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/processes.sh"
trap '' INT  # Ctrl-C while stopping would leave processes behind: finish first

parts=("$@")
((${#parts[@]} > 0)) || parts=(monitoring static-target rest graphql)
for part in "${parts[@]}"; do
  case "$part" in
    monitoring)
      for pid_file in "$RUN_DIR"/monitoring/*.pid; do
        [[ -e "$pid_file" ]] && stop_pid_file "$pid_file" "$(basename "$pid_file" .pid)"
      done
      ;;
    static-target)
      stop_pid_file "$RUN_DIR/static-target/nginx.pid" "static target"
      remove_cpu_groups static-target
      ;;
    rest | graphql) stop_architecture "$part" & ;;
    *) die "unknown part '$part': expected rest, graphql, monitoring or static-target" ;;
  esac
done
wait
log "Stopped: ${parts[*]}"

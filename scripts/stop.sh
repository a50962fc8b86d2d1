#!/usr/bin/env bash
# Stops what the start scripts started; safe to run any number of times.
#   scripts/stop.sh                  everything: both architectures, the monitoring and the
#                                    static target of the generator-ceiling measurement, and of
#                                    compose mode every project container, network and volume, the
#                                    healthcheck ticker, the podman API service the scripts started
#                                    and netavark's leftover firewall chains
#   scripts/stop.sh rest|graphql|monitoring|static-target|containers ...   only those parts
#                                    (containers: everything of compose mode listed above)
# With BENCH_DEPLOY=compose, rest and graphql name that architecture's containers (removed with
# their anonymous volumes; the network too once no project container is left).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/processes.sh"
source "$ROOT/scripts/lib/containers.sh"
trap '' INT  # Ctrl-C while stopping would leave processes behind: finish first
deploy=$(deploy_mode)

parts=("$@")
everything=false containers=false
((${#parts[@]} > 0)) || { parts=(monitoring static-target rest graphql); everything=true containers=true; }
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
    rest | graphql)
      if [[ "$deploy" == compose ]] && ! $everything; then
        stop_compose_architecture "$part" &
      else
        stop_architecture "$part" &
      fi
      ;;
    containers) containers=true ;;
    *) die "unknown part '$part': expected rest, graphql, monitoring, static-target or containers" ;;
  esac
done
wait
# Both deployment modes: the containers too.
$containers && stop_all_containers
log "Stopped: ${parts[*]}"

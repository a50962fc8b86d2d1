# Stopping what the start scripts started. Sourced after common.sh.
source "$ROOT/scripts/lib/liberty.sh"

# stop_pid_file FILE NAME: TERM, then KILL after 10 s, the process whose pid FILE holds.
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

# stop_architecture rest|graphql: its gateway, then its three Liberty instances (in parallel).
stop_architecture() {
  local arch=$1 service
  case "$arch" in
    rest) stop_pid_file "$RUN_DIR/rest/nginx/nginx.pid" nginx ;;
    graphql) stop_pid_file "$RUN_DIR/graphql/router.pid" "Apollo Router" ;;
  esac
  for service in "${SERVICES[@]}"; do
    stop_liberty "$service" "$arch" &
  done
  wait
  remove_cpu_groups "$arch"
}

# In a start script: if it fails half-way, stop what it had started, so nothing is orphaned.
stop_architecture_on_failure() {
  trap "status=\$?; if ((status != 0)); then log 'Start failed: stopping the $1 parts started so far'; stop_architecture $1; fi" EXIT
}

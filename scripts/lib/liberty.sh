# Starting and stopping Liberty instances. Each service has one server definition
# (<service>/target/liberty/wlp/usr/servers/<service>); an instance is that server run with its
# own WLP_OUTPUT_DIR (logs, work area) and HTTP_PORT, so one build serves both architectures.

liberty_home() { echo "$ROOT/$1/target/liberty/wlp"; }
liberty_output() { echo "$RUN_DIR/$2/liberty"; }

ensure_services_built() {
  local service
  for service in "${SERVICES[@]}"; do
    if [[ ! -f "$(liberty_home "$service")/usr/servers/$service/server.xml" ]]; then
      "$ROOT/scripts/build.sh"
      return
    fi
  done
}

# liberty_server SERVICE ARCH COMMAND...: Liberty's `server` command for one instance. Every JVM
# it starts (the server, and the short-lived ones of status and stop) carries
# -Dbench.instance=<arch>/<service>, which is how the process exporter tells the REST and the
# GraphQL instance of a service apart.
liberty_server() {
  local service=$1 arch=$2
  shift 2
  WLP_OUTPUT_DIR="$(liberty_output "$service" "$arch")" JVM_ARGS="-Dbench.instance=$arch/$service" \
    sut_run "$arch/$service" "$(liberty_home "$service")/bin/server" "$@"
}

# start_liberty SERVICE ARCH PORT: starts in the background; returns at once.
start_liberty() {
  local service=$1 arch=$2 port=$3 output
  output="$(liberty_output "$service" "$arch")"
  mkdir -p "$output"
  require_free_port "$port" "$service ($arch)"
  log "Starting $service ($arch) on 127.0.0.1:$port"
  # --clean: a rebuilt application under a reused work area can leave Liberty's caches stale.
  HTTP_PORT="$port" liberty_server "$service" "$arch" start "$service" --clean \
    >"$output/$service.start.log" 2>&1 &
}

stop_liberty() {
  local service=$1 arch=$2
  [[ -d "$(liberty_output "$service" "$arch")/$service" ]] || return 0
  # A frozen instance (instance.sh freeze) could not obey the stop command.
  local pid_file
  pid_file="$(liberty_output "$service" "$arch")/.pid/$service.pid"
  [[ -f "$pid_file" ]] && { kill -CONT "$(cat "$pid_file")" 2>/dev/null || true; }
  if liberty_server "$service" "$arch" status "$service" >/dev/null 2>&1; then
    log "Stopping $service ($arch)"
    liberty_server "$service" "$arch" stop "$service" >/dev/null 2>&1 || true
  fi
}

# liberty_pid SERVICE ARCH: the pid of a running instance; dies when it is not running.
liberty_pid() {
  local service=$1 arch=$2 pid_file pid
  pid_file="$(liberty_output "$service" "$arch")/.pid/$service.pid"
  [[ -f "$pid_file" ]] || die "$service ($arch) is not running (no $pid_file)"
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || die "$service ($arch) is not running (pid $pid is gone)"
  echo "$pid"
}

# kill_liberty SERVICE ARCH: SIGKILL, as a crash would: no graceful shutdown, open connections
# reset. Returns when the process is gone.
kill_liberty() {
  local service=$1 arch=$2 pid
  pid="$(liberty_pid "$service" "$arch")"
  log "Killing $service ($arch), pid $pid"
  kill -9 "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -f "$(liberty_output "$service" "$arch")/.pid/$service.pid"
}

# freeze_liberty / thaw_liberty SERVICE ARCH: SIGSTOP / SIGCONT. A frozen instance keeps its
# connections and its port open but answers nothing, as a hung service (a long GC pause, a
# deadlock) would: callers see timeouts, not refused connections.
freeze_liberty() {
  local pid
  pid="$(liberty_pid "$1" "$2")"
  log "Freezing $1 ($2), pid $pid"
  kill -STOP "$pid"
}
thaw_liberty() {
  local pid
  pid="$(liberty_pid "$1" "$2")"
  log "Thawing $1 ($2), pid $pid"
  kill -CONT "$pid"
}

# start_services ARCH: starts the three instances of ARCH and waits until each is ready.
start_services() {
  local arch=$1 service port
  local -n ports="${arch^^}_PORTS"
  ensure_services_built
  for service in "${SERVICES[@]}"; do
    start_liberty "$service" "$arch" "${ports[$service]}"
  done
  for service in "${SERVICES[@]}"; do
    wait_for_url "http://127.0.0.1:${ports[$service]}/health/ready" "$service ($arch)" 180
  done
}

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

# start_liberty SERVICE ARCH PORT: starts in the background; returns at once.
start_liberty() {
  local service=$1 arch=$2 port=$3 output
  output="$(liberty_output "$service" "$arch")"
  mkdir -p "$output"
  require_free_port "$port" "$service ($arch)"
  log "Starting $service ($arch) on 127.0.0.1:$port"
  # --clean: a rebuilt application under a reused work area can leave Liberty's caches stale.
  # -Dbench.instance names the instance on the java command line, for the process exporter.
  WLP_OUTPUT_DIR="$output" HTTP_PORT="$port" JVM_ARGS="-Dbench.instance=$arch/$service" "${SUT_PIN[@]}" \
    "$(liberty_home "$service")/bin/server" start "$service" --clean >"$output/$service.start.log" 2>&1 &
}

stop_liberty() {
  local service=$1 arch=$2 output
  output="$(liberty_output "$service" "$arch")"
  [[ -d "$output/$service" ]] || return 0
  if WLP_OUTPUT_DIR="$output" "$(liberty_home "$service")/bin/server" status "$service" >/dev/null 2>&1; then
    log "Stopping $service ($arch)"
    WLP_OUTPUT_DIR="$output" "$(liberty_home "$service")/bin/server" stop "$service" >/dev/null 2>&1 || true
  fi
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

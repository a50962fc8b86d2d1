#!/usr/bin/env bash
# Starts the local-mode monitoring as processes on 127.0.0.1 and returns when each is ready:
#   Prometheus           :9090  monitoring/prometheus/prometheus.yml with the local targets
#                               (monitoring/prometheus/targets/local), data in $RUN_DIR/monitoring;
#                               the live view: console pages generated from the Grafana
#                               dashboards (monitoring/consoles), at /consoles/index.html
#   process-exporter     :9256  per-process CPU and memory (monitoring/process-exporter.yml)
#   nginx exporter       :9113  reads NGINX's stub_status on :8090
#   Pushgateway          :9091  receives Artillery's metrics (monitoring/artillery-overrides.sh)
#   Grafana              :3000  only where a grafana-server / grafana binary is installed
# Each process's pid goes to $RUN_DIR/monitoring/<name>.pid (scripts/stop.sh stops them).
# Starting it again starts only what is not running; a port held by something else is an error.
# Environment: MONITORING_CPUS (CPU list for taskset, keeps monitoring off the system under
# test), GF_SECURITY_ADMIN_PASSWORD (Grafana admin password; generated when unset).
# Compose mode (a workstation with Docker) is docker-compose.yml: see docs/docker.md.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

MON_DIR="$RUN_DIR/monitoring"
mkdir -p "$MON_DIR"

ensure_apt_packages prometheus:prometheus promtool:prometheus \
  prometheus-process-exporter:prometheus-process-exporter \
  prometheus-nginx-exporter:prometheus-nginx-exporter \
  prometheus-pushgateway:prometheus-pushgateway

# Prefix that pins a command to MONITORING_CPUS, when set. An array, not a function, so that a
# background job's $! is the command itself (its pid file must name the real process).
MON_PIN=()
if [[ -n "${MONITORING_CPUS:-}" ]]; then
  MON_PIN=(taskset -c "$MONITORING_CPUS")
fi

# running NAME: true when NAME's pid file names a live process (then it is left alone).
running() {
  local pid_file="$MON_DIR/$1.pid"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# launch NAME PORT READY_URL COMMAND...: starts COMMAND in the background with its output in
# $MON_DIR/NAME.log, records its pid and waits until READY_URL answers.
launch() {
  local name=$1 port=$2 ready_url=$3
  shift 3
  if running "$name"; then
    log "$name already running (pid $(cat "$MON_DIR/$name.pid"))"
    return 0
  fi
  require_free_port "$port" "$name"
  log "Starting $name on 127.0.0.1:$port"
  "${MON_PIN[@]}" "$@" >"$MON_DIR/$name.log" 2>&1 &
  echo $! >"$MON_DIR/$name.pid"
  wait_for_url "$ready_url" "$name" 60 "$(cat "$MON_DIR/$name.pid")"
}

# prometheus.yml reads its scrape targets from targets/ beside it; local mode's are
# monitoring/prometheus/targets/local. Both are linked into one directory (links, not copies: an
# edited target file reaches a running Prometheus as before), which Prometheus is started with.
PROMETHEUS_CONFIG_DIR="$MON_DIR/prometheus-config"
mkdir -p "$PROMETHEUS_CONFIG_DIR"
ln -sfn "$ROOT/monitoring/prometheus/prometheus.yml" "$PROMETHEUS_CONFIG_DIR/prometheus.yml"
ln -sfn "$ROOT/monitoring/prometheus/targets/local" "$PROMETHEUS_CONFIG_DIR/targets"
promtool check config "$PROMETHEUS_CONFIG_DIR/prometheus.yml" >/dev/null \
  || die "promtool rejects monitoring/prometheus/prometheus.yml with the targets of monitoring/prometheus/targets/local"

# -threads=false and -gather-smaps=false: per-thread series and smaps parsing of six JVMs would
# cost CPU on the 2 cores the benchmark shares; RSS and process CPU are what the dashboards use.
launch process-exporter "$PROCESS_EXPORTER_PORT" "http://127.0.0.1:$PROCESS_EXPORTER_PORT/metrics" \
  prometheus-process-exporter \
  -config.path "$ROOT/monitoring/process-exporter.yml" \
  -web.listen-address "127.0.0.1:$PROCESS_EXPORTER_PORT" \
  -threads=false -gather-smaps=false

# The Debian exporter (0.11) exits at start when stub_status does not answer; with retries it
# instead waits for NGINX, so monitoring can start before the REST architecture.
stub_status="http://127.0.0.1:$NGINX_STATUS_PORT/stub_status"
if curl -sf -o /dev/null --max-time 2 "$stub_status"; then
  launch nginx-exporter "$NGINX_EXPORTER_PORT" "http://127.0.0.1:$NGINX_EXPORTER_PORT/metrics" \
    prometheus-nginx-exporter -nginx.scrape-uri "$stub_status" \
    -web.listen-address "127.0.0.1:$NGINX_EXPORTER_PORT" -nginx.retries 100000 -nginx.retry-interval 3s
elif ! running nginx-exporter; then
  require_free_port "$NGINX_EXPORTER_PORT" nginx-exporter
  log "NGINX is not running: the nginx exporter will serve :$NGINX_EXPORTER_PORT once it is"
  "${MON_PIN[@]}" prometheus-nginx-exporter -nginx.scrape-uri "$stub_status" \
    -web.listen-address "127.0.0.1:$NGINX_EXPORTER_PORT" -nginx.retries 100000 -nginx.retry-interval 3s \
    >"$MON_DIR/nginx-exporter.log" 2>&1 &
  echo $! >"$MON_DIR/nginx-exporter.pid"
fi

# --persistence.file= (empty) overrides the Debian default (/var/lib/prometheus/pushgateway.data,
# shared by the whole machine): every start begins empty, so old runs do not linger.
launch pushgateway "$PUSHGATEWAY_PORT" "http://127.0.0.1:$PUSHGATEWAY_PORT/-/ready" \
  prometheus-pushgateway --web.listen-address="127.0.0.1:$PUSHGATEWAY_PORT" --persistence.file=

# The live view: one console page per Grafana dashboard, generated anew at every start so that
# a panel added to a dashboard shows up without further edits. Prometheus reads the pages on
# each request, so a running Prometheus serves the regenerated ones too.
python3 "$ROOT/monitoring/consoles/generate.py" "$MON_DIR/consoles" >/dev/null \
  || die "monitoring/consoles/generate.py could not turn the Grafana dashboards into console pages"

launch prometheus "$PROMETHEUS_PORT" "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" \
  prometheus \
  --config.file="$PROMETHEUS_CONFIG_DIR/prometheus.yml" \
  --storage.tsdb.path="$MON_DIR/prometheus-data" \
  --storage.tsdb.retention.time=7d \
  --web.console.templates="$MON_DIR/consoles" \
  --web.console.libraries="$ROOT/monitoring/consoles" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"

# Grafana is not packaged by Debian: start it only where it is installed.
grafana=""
if command -v grafana-server >/dev/null 2>&1; then
  grafana="grafana-server"
elif command -v grafana >/dev/null 2>&1; then
  grafana="grafana server"
fi
if [[ -z "$grafana" ]]; then
  log "Grafana is not installed (no grafana-server binary): skipped. The dashboards are" \
    "monitoring/grafana/dashboards/*.json; docker-compose.yml runs Grafana with them."
else
  if [[ -z "${GF_SECURITY_ADMIN_PASSWORD:-}" ]]; then
    # Never a fixed password: generate one and keep it next to Grafana's data (mode 600).
    password_file="$MON_DIR/grafana-admin-password"
    [[ -s "$password_file" ]] || (umask 077 && head -c 18 /dev/urandom | base64 >"$password_file")
    GF_SECURITY_ADMIN_PASSWORD="$(cat "$password_file")"
    log "Grafana admin password: see $password_file"
  fi
  homepath=/usr/share/grafana
  [[ -d "$homepath" ]] || homepath="$(dirname "$(dirname "$(readlink -f "$(command -v "${grafana%% *}")")")")"
  mkdir -p "$MON_DIR/grafana"
  # shellcheck disable=SC2086  # $grafana is "grafana server" for newer releases
  GF_SECURITY_ADMIN_PASSWORD="$GF_SECURITY_ADMIN_PASSWORD" \
    GF_SERVER_HTTP_ADDR=127.0.0.1 GF_SERVER_HTTP_PORT="$GRAFANA_PORT" \
    GF_PATHS_DATA="$MON_DIR/grafana" GF_PATHS_LOGS="$MON_DIR/grafana" \
    GF_PATHS_PROVISIONING="$ROOT/monitoring/grafana/provisioning" \
    GF_ANALYTICS_REPORTING_ENABLED=false GF_ANALYTICS_CHECK_FOR_UPDATES=false \
    PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT" \
    GRAFANA_DASHBOARDS_DIR="$ROOT/monitoring/grafana/dashboards" \
    launch grafana "$GRAFANA_PORT" "http://127.0.0.1:$GRAFANA_PORT/api/health" \
    $grafana --homepath "$homepath"
fi

log "Monitoring ready: Prometheus http://127.0.0.1:$PROMETHEUS_PORT, Pushgateway http://127.0.0.1:$PUSHGATEWAY_PORT;" \
  "live view http://127.0.0.1:$PROMETHEUS_PORT/consoles/index.html"

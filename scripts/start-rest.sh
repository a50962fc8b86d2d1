#!/usr/bin/env bash
# Starts the REST architecture as local processes on 127.0.0.1: the REST instances of the three
# services (ports 9101-9103) and NGINX (port 8080, stub_status on 8090). Returns when every part
# is ready. Stop with scripts/stop.sh. Environment: SIMULATED_LATENCY_MS (default 10),
# SUT_CPUS (CPU list for taskset, e.g. 1), SUT_CPU_GROUPS (shared, the default, or per-component:
# scripts/lib/in-cpu-group.sh).
# BENCH_DEPLOY=compose runs the same architecture as containers instead (docker-compose.yml,
# profile rest, through scripts/docker.sh), published at the same ports; SUT_CPUS then becomes the
# containers' cpuset and the *_CPU_SHARES variables their CPU weights (docs/docker.md).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/containers.sh"
deploy=$(deploy_mode)
if [[ "$deploy" == compose ]]; then
  start_compose_architecture rest
  wait_for_url "http://127.0.0.1:$NGINX_STATUS_PORT/stub_status" "nginx (container)" 20
  log "REST architecture ready: http://127.0.0.1:$GATEWAY_PORT/api/v1/users"
  exit 0
fi
source "$ROOT/scripts/lib/processes.sh"
stop_architecture_on_failure rest

ensure_apt_packages nginx:nginx-light
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

log "Starting the REST architecture (simulated latency ${SIMULATED_LATENCY_MS:-10} ms)"
start_services rest

prefix="$RUN_DIR/rest/nginx"
mkdir -p "$prefix"/{logs,temp}
require_free_port "$GATEWAY_PORT" nginx
"$NGINX" -t -q -p "$prefix" -c "$ROOT/gateway/nginx/nginx.conf" || die "nginx configuration test failed"
sut_run rest/nginx "$NGINX" -p "$prefix" -c "$ROOT/gateway/nginx/nginx.conf"
wait_for_url "http://127.0.0.1:$NGINX_STATUS_PORT/stub_status" "nginx" 20
log "REST architecture ready: http://127.0.0.1:$GATEWAY_PORT/api/v1/users"

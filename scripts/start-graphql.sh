#!/usr/bin/env bash
# Starts the GraphQL Federation architecture as local processes on 127.0.0.1: the GraphQL
# instances of the three services (subgraphs on ports 9201-9203) and the Apollo Router (port 4000,
# health on 8088, Prometheus metrics on 9180). Returns when every part is ready. Stop with
# scripts/stop.sh. Environment: SIMULATED_LATENCY_MS (default 10), SUT_CPUS (CPU list for taskset),
# SUT_CPU_GROUPS (shared, the default, or per-component: scripts/lib/in-cpu-group.sh).
# BENCH_DEPLOY=compose runs the same architecture as containers instead (docker-compose.yml,
# profile graphql, through scripts/docker.sh), published at the same ports; SUT_CPUS then becomes
# the containers' cpuset and the *_CPU_SHARES variables their CPU weights (docs/docker.md).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/containers.sh"
deploy=$(deploy_mode)
if [[ "$deploy" == compose ]]; then
  start_compose_architecture graphql
  wait_for_url "http://127.0.0.1:$ROUTER_HEALTH_PORT/health?ready" "Apollo Router (container)" 20
  log "GraphQL architecture ready: http://127.0.0.1:$ROUTER_PORT/"
  exit 0
fi
source "$ROOT/scripts/lib/processes.sh"
stop_architecture_on_failure graphql

[[ -x "$ROUTER_BIN" ]] || "$ROOT/scripts/install-router.sh"

log "Starting the GraphQL Federation architecture (simulated latency ${SIMULATED_LATENCY_MS:-10} ms)"
start_services graphql

output="$RUN_DIR/graphql"
mkdir -p "$output"
require_free_port "$ROUTER_PORT" "Apollo Router"
log "Starting Apollo Router $ROUTER_VERSION on 127.0.0.1:$ROUTER_PORT"
# From its own folder, where router.yaml finds the Rhai script; exec keeps $! the router's pid.
# router.yaml reads its listen address and subgraph URLs from these variables (docker-compose.yml
# sets them); unset, they default to local mode's 127.0.0.1 addresses, so a stray variable of the
# caller's environment cannot move the local router. The router's own APOLLO_* variables go too:
# APOLLO_ROUTER_LISTEN_ADDRESS overrides router.yaml's listen address, APOLLO_ROUTER_DEV turns on
# development mode, APOLLO_KEY with APOLLO_GRAPH_REF fetches the supergraph from GraphOS.
(cd "$ROOT/gateway/router" && unset ROUTER_LISTEN_HOST USER_SUBGRAPH_URL SITE_SUBGRAPH_URL ROBOT_SUBGRAPH_URL \
  $(compgen -v APOLLO_) && RUST_BACKTRACE=0 APOLLO_TELEMETRY_DISABLED=true exec "${SUT_PIN[@]}" \
  "$ROOT/scripts/lib/in-cpu-group.sh" graphql/router "$ROUTER_BIN" \
  --config router.yaml --supergraph supergraph.graphql --log warn >"$output/router.log" 2>&1) &
echo $! >"$output/router.pid"
wait_for_url "http://127.0.0.1:$ROUTER_HEALTH_PORT/health?ready" "Apollo Router" 60 "$(cat "$output/router.pid")"
log "GraphQL architecture ready: http://127.0.0.1:$ROUTER_PORT/"

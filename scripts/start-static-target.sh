#!/usr/bin/env bash
# Starts the static NGINX target (127.0.0.1:8079) the benchmark measures the load generator's
# ceiling against. Stop with scripts/stop.sh static-target (or scripts/stop.sh).
# Environment: SUT_CPUS (CPU list for taskset: it runs where the system under test would).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

ensure_apt_packages nginx:nginx-light
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
prefix="$RUN_DIR/static-target"
mkdir -p "$prefix"/{logs,temp}
require_free_port "$STATIC_TARGET_PORT" "static target"
"$NGINX" -t -q -p "$prefix" -c "$ROOT/gateway/nginx/static-target.conf" || die "nginx configuration test failed"
sut_run static-target/nginx "$NGINX" -p "$prefix" -c "$ROOT/gateway/nginx/static-target.conf"
wait_for_url "http://127.0.0.1:$STATIC_TARGET_PORT/" "static target" 20
log "Static target ready: http://127.0.0.1:$STATIC_TARGET_PORT/"

#!/usr/bin/env bash
# Builds the real Apollo Router (version ROUTER_VERSION, default in lib/common.sh) from crates.io
# once and caches it outside the repository. The build takes a long time on 2 cores, so the
# result (and cargo's target dir while building, which makes an interrupted build resumable)
# lives in BENCH_CACHE_DIR (default ~/.cache/rest-vs-graphql) and is reused by every clone.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

ROUTER_ROOT="$(dirname "$(dirname "$ROUTER_BIN")")"

if [[ -x "$ROUTER_BIN" ]]; then
  log "Apollo Router $ROUTER_VERSION already built: $ROUTER_BIN"
  exit 0
fi

command -v cargo >/dev/null || die "cargo is required to build the Apollo Router (install Rust via rustup)"
ensure_router_build_prerequisites

log "Building Apollo Router $ROUTER_VERSION from crates.io (one-time: 18 to 25 minutes on 2 cores)"
log "cargo output goes to $BENCH_CACHE_DIR/router-build.log; progress lines follow"
started=$(date +%s)
mkdir -p "$ROUTER_ROOT"
CARGO_TARGET_DIR="$BENCH_CACHE_DIR/cargo-target" \
  cargo install apollo-router --version "$ROUTER_VERSION" --locked --root "$ROUTER_ROOT" \
  2>&1 | tee "$BENCH_CACHE_DIR/router-build.log" | grep --line-buffered -E 'Compiling|Finished|Installed|error' \
  | awk '{ n++; if ($1 != "Compiling" || n % 25 == 0) { print "  [router build] " $0; fflush() } }'
[[ -x "$ROUTER_BIN" ]] || die "router build failed; see $BENCH_CACHE_DIR/router-build.log"
log "Router built in $(( $(date +%s) - started )) s: $ROUTER_BIN ($(du -h "$ROUTER_BIN" | cut -f1))"
rm -rf "$BENCH_CACHE_DIR/cargo-target"

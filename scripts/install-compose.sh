#!/usr/bin/env bash
# Builds Docker Compose v2 (COMPOSE_VERSION, default in lib/common.sh) from the Go module proxy
# once and caches it outside the repository (BENCH_CACHE_DIR, default ~/.cache/rest-vs-graphql,
# reused by every clone). The tests run `docker compose config` on docker-compose.yml with it,
# which needs no Docker engine. `go install` refuses the module (its go.mod has exclude
# directives), so the release is fetched with `go mod download` and built in place.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

if [[ -x "$COMPOSE_BIN" ]]; then
  log "Docker Compose $COMPOSE_VERSION already built: $COMPOSE_BIN"
  exit 0
fi
command -v go >/dev/null || die "Go $COMPOSE_GO_MIN+ is required to build Docker Compose (Debian: golang-go, version $COMPOSE_GO_MIN or newer)"

# Module and build caches of this build only, removed once it succeeded (an interrupted build
# resumes from them).
work_dir="$BENCH_CACHE_DIR/compose-go-work"
log_file="$BENCH_CACHE_DIR/docker-compose-build.log"
log "Building Docker Compose $COMPOSE_VERSION from the Go module proxy (one-time); output in $log_file"
started=$(date +%s)
mkdir -p "$(dirname "$COMPOSE_BIN")" "$work_dir"
(
  # The local toolchain only (no toolchain download), no C compiler, caches removable.
  export GOMODCACHE="$work_dir/mod" GOCACHE="$work_dir/build" GOFLAGS=-modcacherw GOTOOLCHAIN=local CGO_ENABLED=0
  module_dir=$(go mod download -json "github.com/docker/compose/v2@v$COMPOSE_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [[ -d "$module_dir" ]] || { echo "go mod download gave no module directory"; exit 1; }
  cd "$module_dir" && go build -trimpath -o "$COMPOSE_BIN.partial" \
    -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=v$COMPOSE_VERSION" ./cmd
) >"$log_file" 2>&1 || die "Docker Compose build failed; see $log_file"
mv "$COMPOSE_BIN.partial" "$COMPOSE_BIN"
log "Docker Compose built in $(( $(date +%s) - started )) s: $COMPOSE_BIN"
rm -rf "$work_dir"

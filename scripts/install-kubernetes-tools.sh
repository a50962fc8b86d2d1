#!/usr/bin/env bash
# Builds what the chart checks need, once, into the cache outside the repository (BENCH_CACHE_DIR,
# reused by every clone): Helm (HELM_VERSION, default in lib/common.sh) from the Go module proxy,
# and kube-check (kubernetes/check: decodes a rendered chart strictly with the Kubernetes API
# types), rebuilt only when its source changes. Helm is built in its downloaded module directory
# (`go mod download`, then `go build`), as
# scripts/install-compose.sh does for Docker Compose.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
command -v go >/dev/null || die "Go is required to build Helm and kube-check (Debian: golang-go, see README)"
# Module and build caches of these builds only, removed once they succeeded (an interrupted build
# resumes from them). The local toolchain only, no C compiler.
work_dir="$BENCH_CACHE_DIR/kubernetes-go-work"
export GOMODCACHE="$work_dir/mod" GOCACHE="$work_dir/build" GOFLAGS=-modcacherw GOTOOLCHAIN=local CGO_ENABLED=0

# build_once BIN WHAT LOG COMMAND...: runs COMMAND (which writes BIN.partial) unless BIN exists,
# logging to LOG; BIN appears only once the build succeeded.
build_once() {
  local bin=$1 what=$2 log_file=$3 started
  shift 3
  if [[ -x "$bin" ]]; then
    log "$what already built: $bin"
    return 0
  fi
  log "Building $what from the Go module proxy (one-time); output in $log_file"
  started=$(date +%s)
  mkdir -p "$(dirname "$bin")" "$work_dir"
  ("$@") >"$log_file" 2>&1 || die "$what build failed; see $log_file"
  mv "$bin.partial" "$bin"
  log "$what built in $(( $(date +%s) - started )) s: $bin"
}

build_helm() {
  local module_dir
  module_dir=$(go mod download -json "helm.sh/helm/v4@v$HELM_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [[ -d "$module_dir" ]] || { echo "go mod download gave no module directory"; return 1; }
  cd "$module_dir" && go build -trimpath -o "$HELM_BIN.partial" \
    -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=v$HELM_VERSION" ./cmd/helm
}

build_kube_check() {
  cd "$ROOT/kubernetes/check" && go build -trimpath -o "$KUBE_CHECK_BIN.partial" .
}

build_once "$HELM_BIN" "Helm $HELM_VERSION" "$BENCH_CACHE_DIR/helm-build.log" build_helm
build_once "$KUBE_CHECK_BIN" "kube-check (kubernetes/check, with the Kubernetes API types)" \
  "$BENCH_CACHE_DIR/kube-check-build.log" build_kube_check
rm -rf "$work_dir"

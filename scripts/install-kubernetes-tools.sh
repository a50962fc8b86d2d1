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

if [[ -x "$HELM_BIN" ]]; then
  log "Helm $HELM_VERSION already built: $HELM_BIN"
else
  log_file="$BENCH_CACHE_DIR/helm-build.log"
  log "Building Helm $HELM_VERSION from the Go module proxy (one-time); output in $log_file"
  started=$(date +%s)
  mkdir -p "$(dirname "$HELM_BIN")" "$work_dir"
  (
    module_dir=$(go mod download -json "helm.sh/helm/v4@v$HELM_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    [[ -d "$module_dir" ]] || { echo "go mod download gave no module directory"; exit 1; }
    cd "$module_dir" && go build -trimpath -o "$HELM_BIN.partial" \
      -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=v$HELM_VERSION" ./cmd/helm
  ) >"$log_file" 2>&1 || die "Helm build failed; see $log_file"
  mv "$HELM_BIN.partial" "$HELM_BIN"
  log "Helm built in $(( $(date +%s) - started )) s: $HELM_BIN"
fi

if [[ -x "$KUBE_CHECK_BIN" ]]; then
  log "kube-check already built: $KUBE_CHECK_BIN"
else
  log_file="$BENCH_CACHE_DIR/kube-check-build.log"
  log "Building kube-check (kubernetes/check, with the Kubernetes API types); output in $log_file"
  started=$(date +%s)
  mkdir -p "$(dirname "$KUBE_CHECK_BIN")" "$work_dir"
  (cd "$ROOT/kubernetes/check" && go build -trimpath -o "$KUBE_CHECK_BIN.partial" .) >"$log_file" 2>&1 \
    || die "kube-check build failed; see $log_file"
  mv "$KUBE_CHECK_BIN.partial" "$KUBE_CHECK_BIN"
  log "kube-check built in $(( $(date +%s) - started )) s: $KUBE_CHECK_BIN"
fi
rm -rf "$work_dir"

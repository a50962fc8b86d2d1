# Installs what the benchmark and its tests need and is missing; every step is skipped when
# already done, so calling it again is cheap. Sourced after common.sh.

install_toolchain() {
  log "Checking prerequisites"
  command -v java >/dev/null || die "Java 17 is required (Debian: openjdk-17-jdk)"
  command -v mvn >/dev/null || die "Maven is required (Debian: maven)"
  command -v node >/dev/null || die "Node.js 20+ and npm are required"
  command -v python3 >/dev/null || die "Python 3.11+ is required"
  ensure_apt_packages nginx:nginx-light protoc:protobuf-compiler curl:curl taskset:util-linux \
    prometheus:prometheus promtool:prometheus prometheus-process-exporter:prometheus-process-exporter \
    prometheus-nginx-exporter:prometheus-nginx-exporter prometheus-pushgateway:prometheus-pushgateway
  # Headless Chromium: the browser tests and the report's screenshot (bench/browser.py).
  ensure_apt_packages chromium:chromium
  # Checked before the long steps start, so a missing package fails the install at once.
  [[ -x "$ROUTER_BIN" ]] || ensure_router_build_prerequisites

  install_node_packages gateway/composition
  install_node_packages artillery
  install_node_packages bench

  if [[ ! -x "$ROOT/.venv/bin/python" ]]; then
    log "Creating the Python environment (.venv)"
    python3 -m venv "$ROOT/.venv" || die "python3 -m venv failed (Debian: python3-venv)"
  fi
  local requirements=("$ROOT/bench/requirements.txt" "$ROOT/monitoring/requirements-test.txt")
  if ! cat "${requirements[@]}" | cmp -s - "$ROOT/.venv/.requirements" 2>/dev/null; then
    log "Installing Python packages (bench/requirements.txt, monitoring/requirements-test.txt, pytest)"
    "$ROOT/.venv/bin/pip" install -q -r "${requirements[0]}" -r "${requirements[1]}" pytest
    cat "${requirements[@]}" >"$ROOT/.venv/.requirements"
  fi

  "$ROOT/scripts/install-router.sh"
}

# install_node_packages DIR: npm ci when node_modules is missing or older than the lock file.
install_node_packages() {
  local dir="$ROOT/$1"
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules" ]]; then
    log "Installing npm packages in $1"
    # Artillery bundles Playwright, whose install step would download a browser.
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
      || die "npm ci failed in $1"
    touch "$dir/node_modules"
  fi
}

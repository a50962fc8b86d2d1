# Installs what the benchmark and its tests need and is missing; every step is skipped when
# already done, so calling it again is cheap. Sourced after common.sh.
#   install_toolchain                     what the benchmark needs (scripts/run-test.sh)
#   install_toolchain benchmark images    that and what compose mode needs where podman is the
#                                         engine (scripts/run-test.sh --deploy compose): Docker
#                                         Compose, podman and the local container images
#   install_toolchain tests               what the benchmark needs, the test tools and what
#                                         compose mode needs (scripts/test.sh)

# Logs of the install steps that belong to this checkout (npm, pip, the Liberty runtime).
INSTALL_LOG_DIR="$RUN_DIR/install"
NODE_PACKAGE_DIRS=(gateway/composition artillery bench/report)

install_toolchain() {
  local purpose=${1:-benchmark} images=${2:-}
  [[ $purpose == tests ]] && images=images
  log "Checking prerequisites"
  check_prerequisites "$purpose" "$images"
  announce_one_time_steps "$purpose" "$images"
  mkdir -p "$INSTALL_LOG_DIR"
  ensure_apt_packages nginx:nginx-light protoc:protobuf-compiler curl:curl taskset:util-linux \
    prometheus:prometheus promtool:prometheus prometheus-process-exporter:prometheus-process-exporter \
    prometheus-nginx-exporter:prometheus-nginx-exporter prometheus-pushgateway:prometheus-pushgateway
  # Headless Chromium: the browser tests and the report's screenshot (bench/report/browser.py).
  ensure_apt_packages chromium:chromium
  # Checked before the long steps start, so a missing package fails the install at once.
  [[ -x "$ROUTER_BIN" ]] || ensure_router_build_prerequisites

  local dir
  for dir in "${NODE_PACKAGE_DIRS[@]}"; do
    install_node_packages "$dir"
  done
  install_python_packages
  ensure_liberty_runtime
  "$ROOT/scripts/install-router.sh"
  if [[ $purpose == tests || -n $images ]]; then
    "$ROOT/scripts/install-compose.sh"
  fi
  # Helm and kube-check: the Kubernetes chart's checks (tests/kubernetes).
  [[ $purpose == tests ]] && "$ROOT/scripts/install-kubernetes-tools.sh"
  [[ -n $images ]] && install_container_images
  return 0
}

# install_container_images: what docker-compose.yml needs to run on this machine. Where a Docker
# engine answers, nothing (it pulls the official images). Otherwise podman with what it needs
# (apt), then the local images (scripts/install-images.sh: each step logged with its time, skipped
# once built).
install_container_images() {
  source "$ROOT/scripts/lib/containers.sh"
  if [[ "$(container_engine)" == docker ]]; then
    log "A Docker engine answers: compose mode uses it and the official images"
    return 0
  fi
  ensure_container_packages
  "$ROOT/scripts/install-images.sh"
}

# check_prerequisites [tests] [images]: the toolchains the install step cannot install by
# itself, checked before anything is installed or built. Dies listing every missing or too old
# one with the package to install. Rust is needed only while the router is not built, Go only for
# the tests or compose mode while Docker Compose (or, for the tests, Helm or kube-check) is not built.
check_prerequisites() {
  local purpose=${1:-benchmark} images=${2:-} problems=()
  require_version problems Java "$(java -version 2>&1 | sed -n 's/.* version "\([0-9][0-9._]*\)".*/\1/p' | head -n 1)" 17 \
    "Debian: openjdk-17-jdk-headless"
  require_command problems javac "Java 17 compiler (javac)" "Debian: openjdk-17-jdk-headless"
  require_version problems Maven "$(mvn -v 2>/dev/null | grep -o 'Apache Maven [0-9][0-9.]*' | cut -d' ' -f3)" 3.8 \
    "Debian: maven"
  require_version problems Node.js "$(node -v 2>/dev/null | sed -n 's/^v\([0-9][0-9.]*\).*/\1/p')" 20 \
    "Debian: nodejs at version 20 or newer; Debian 12's own nodejs is 18"
  require_command problems npm npm "Debian: npm, or a nodejs package that bundles it"
  require_version problems Python "$(python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)" 3.11 \
    "Debian: python3"
  if command -v python3 >/dev/null && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    problems+=("Python's venv module with ensurepip (for .venv): missing. Debian: python3-venv")
  fi
  if [[ ! -x "$ROUTER_BIN" ]]; then
    local rust_hint="rustup (Debian 13: package rustup, then 'rustup default stable'); Debian 12's rustc is 1.63"
    require_version problems "Rust's cargo (for the router build)" "$(cargo --version 2>/dev/null | cut -d' ' -f2)" \
      "$ROUTER_RUST_MIN" "$rust_hint"
    require_version problems "Rust's rustc (for the router build)" "$(rustc --version 2>/dev/null | cut -d' ' -f2)" \
      "$ROUTER_RUST_MIN" "$rust_hint"
    require_command problems cc "C compiler (for the router build)" "Debian: gcc"
    require_command problems make "make (for the router build)" "Debian: make"
  fi
  local go_version
  go_version=$(go version 2>/dev/null | sed -n 's/^go version go\([0-9][0-9.]*\).*/\1/p')
  if [[ $purpose == tests && ! (-x "$HELM_BIN" && -x "$KUBE_CHECK_BIN") ]]; then
    require_version problems "Go (for the Helm and kube-check builds, and Docker Compose's)" "$go_version" \
      "$KUBERNETES_GO_MIN" "Debian: golang-go at version $KUBERNETES_GO_MIN or newer; Debian 12's own is 1.19"
  elif [[ ($purpose == tests || -n $images) && ! -x "$COMPOSE_BIN" ]]; then
    require_version problems "Go (for the Docker Compose build)" "$go_version" "$COMPOSE_GO_MIN" \
      "Debian: golang-go at version $COMPOSE_GO_MIN or newer; Debian 12's own is 1.19"
  fi
  ((${#problems[@]} == 0)) && return 0
  local problem
  for problem in "${problems[@]}"; do
    log "  missing prerequisite: $problem"
  done
  die "${#problems[@]} prerequisite(s) missing or too old (listed above); install them and run again"
}

# require_version LIST WHAT FOUND MINIMUM HINT: appends to the array LIST when FOUND (a version,
# empty when the tool is missing) is older than MINIMUM.
require_version() {
  local -n list=$1
  local what=$2 found=$3 minimum=$4 hint=$5
  if [[ -z "$found" ]]; then
    list+=("$what $minimum+: not found. $hint")
  elif ! version_at_least "$found" "$minimum"; then
    list+=("$what $minimum+: found $found. $hint")
  fi
}

# require_command LIST COMMAND WHAT HINT: appends to the array LIST when COMMAND is missing.
require_command() {
  local -n list=$1
  command -v "$2" >/dev/null 2>&1 || list+=("$3: not found. $4")
}

# version_at_least VERSION MINIMUM (dotted versions; Java 8's "1.8.0_x" counts as 1.8).
version_at_least() {
  [[ "$(printf '%s\n' "$2" "${1%%_*}" | sort -V | head -n 1)" == "$2" ]]
}

# announce_one_time_steps [tests] [images]: before the first run's long steps, says which one-time
# steps follow, how long each took on a 2-core machine of the benchmark's kind with empty caches
# (README "What the first run installs"), and where each one logs.
announce_one_time_steps() {
  local purpose=${1:-benchmark} images=${2:-} steps=() dir
  for dir in "${NODE_PACKAGE_DIRS[@]}"; do
    if node_packages_outdated "$dir"; then
      steps+=("npm packages (npm ci in ${NODE_PACKAGE_DIRS[*]}): about 1 min; logs $INSTALL_LOG_DIR/npm-*.log")
      break
    fi
  done
  python_packages_outdated && steps+=("Python packages (.venv): about 20 s; log $INSTALL_LOG_DIR/pip.log")
  [[ -f "$LIBERTY_RUNTIME_ZIP" ]] || steps+=(
    "Open Liberty $LIBERTY_RUNTIME_VERSION runtime from Maven Central (350 MB): about 30 s; log $INSTALL_LOG_DIR/liberty-runtime.log"
    "Maven plugins and libraries, fetched by the first Maven build: about 20 s")
  [[ -x "$ROUTER_BIN" ]] || steps+=(
    "Apollo Router $ROUTER_VERSION build (cargo, crates.io): 18 to 25 min; log $BENCH_CACHE_DIR/router-build.log")
  if [[ $purpose == tests || -n $images ]]; then
    [[ -x "$COMPOSE_BIN" ]] || steps+=(
      "Docker Compose $COMPOSE_VERSION build (Go module proxy): about 7 min; log $BENCH_CACHE_DIR/docker-compose-build.log")
  fi
  if [[ $purpose == tests ]]; then
    [[ -x "$HELM_BIN" ]] || steps+=(
      "Helm $HELM_VERSION build (Go module proxy): about 2 min; log $BENCH_CACHE_DIR/helm-build.log")
    [[ -x "$KUBE_CHECK_BIN" ]] || steps+=(
      "kube-check build (kubernetes/check, Kubernetes API types from the Go module proxy): about 10 s after Helm; log $BENCH_CACHE_DIR/kube-check-build.log")
  fi
  if [[ -n $images ]]; then
    source "$ROOT/scripts/lib/containers.sh"
    if [[ "$(container_engine)" != docker ]] && ! base_images_current; then
      command -v podman >/dev/null || steps+=("podman, runc, netavark, aardvark-dns, iptables, debootstrap (apt): about 20 s")
      steps+=("Container images for podman (Debian base by debootstrap, Java 17, Open Liberty, NGINX, router): 1 to 3 min; logs $IMAGE_BUILD_DIR/*.log")
    fi
  fi
  ((${#steps[@]} == 0)) && return 0
  log "First run on this machine: these one-time steps follow (times measured on 2 cores, empty caches)"
  local step
  for step in "${steps[@]}"; do
    log "  - $step"
  done
}

node_packages_outdated() {
  local dir="$ROOT/$1"
  [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules" ]] \
    || [[ -d "$dir/patches" && -n $(find "$dir/patches" -newer "$dir/node_modules") ]]
}

# install_node_packages DIR: npm ci (which applies DIR/patches, see artillery/package.json) when
# node_modules is missing or older than the lock file or a patch.
install_node_packages() {
  node_packages_outdated "$1" || return 0
  local log_file="$INSTALL_LOG_DIR/npm-${1//\//-}.log" started
  log "Installing npm packages in $1 (log $log_file)"
  started=$(date +%s)
  # Artillery bundles Playwright, whose install step would download a browser.
  (cd "$ROOT/$1" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) >"$log_file" 2>&1 \
    || die "npm ci failed in $1; see $log_file"
  touch "$ROOT/$1/node_modules"
  log "npm packages in $1 installed in $(( $(date +%s) - started )) s"
}

python_packages_outdated() {
  [[ ! -x "$ROOT/.venv/bin/bench" ]] || ! python_project_fingerprint | cmp -s - "$ROOT/.venv/.requirements"
}

python_project_fingerprint() {
  sed -n '/^\[project/,/^\[tool\./p' "$ROOT/pyproject.toml"
}

# install_python_packages: the bench package (editable, so the checkout's code is what runs) with
# its dependencies and the test tools, all declared in pyproject.toml.
install_python_packages() {
  python_packages_outdated || return 0
  local log_file="$INSTALL_LOG_DIR/pip.log" started
  log "Installing Python packages into .venv (pyproject.toml: the bench package, its dependencies, the test tools; log $log_file)"
  started=$(date +%s)
  if [[ ! -x "$ROOT/.venv/bin/python" ]]; then
    python3 -m venv "$ROOT/.venv" >"$log_file" 2>&1 || die "python3 -m venv failed (Debian: python3-venv); see $log_file"
  fi
  "$ROOT/.venv/bin/pip" install --editable "$ROOT[test]" >>"$log_file" 2>&1 \
    || die "pip install failed; see $log_file"
  python_project_fingerprint >"$ROOT/.venv/.requirements"
  log "Python packages installed in $(( $(date +%s) - started )) s"
}

# ensure_liberty_runtime: fetches the Open Liberty runtime the liberty-maven-plugin installs the
# servers from into the local Maven repository, as a step of its own (logged and timed) instead
# of in the middle of the first build. The dependency plugin's version is pinned in pom.xml.
ensure_liberty_runtime() {
  [[ -f "$LIBERTY_RUNTIME_ZIP" ]] && return 0
  local log_file="$INSTALL_LOG_DIR/liberty-runtime.log" started
  log "Downloading the Open Liberty $LIBERTY_RUNTIME_VERSION runtime from Maven Central (log $log_file)"
  started=$(date +%s)
  (cd "$ROOT" && mvn -B -N -Dstyle.color=never dependency:get -Dtransitive=false \
    "-Dartifact=io.openliberty:openliberty-runtime:$LIBERTY_RUNTIME_VERSION:zip") >"$log_file" 2>&1 \
    || die "could not fetch the Open Liberty runtime; see $log_file"
  log "Open Liberty runtime fetched in $(( $(date +%s) - started )) s"
}

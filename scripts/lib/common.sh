# Shared helpers of the scripts: paths, logging, installing what is missing, waiting for ports.
# Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Where running instances keep logs, pid files and work areas (git-ignored).
RUN_DIR="${BENCH_RUN_DIR:-$ROOT/.run}"
# Slow one-time builds (the Apollo Router) live outside the repository and are reused by every clone.
BENCH_CACHE_DIR="${BENCH_CACHE_DIR:-$HOME/.cache/rest-vs-graphql}"
ROUTER_VERSION="${ROUTER_VERSION:-2.17.0}"
ROUTER_BIN="$BENCH_CACHE_DIR/apollo-router-$ROUTER_VERSION/bin/router"
# The router's declared minimum Rust (its rust-version).
ROUTER_RUST_MIN=1.95
# Docker Compose v2, built from the Go module proxy for the tests (scripts/install-compose.sh),
# laid out as a Docker CLI plugin: DOCKER_CONFIG=<the version's dir> makes `docker compose` use it.
COMPOSE_VERSION="${COMPOSE_VERSION:-2.40.3}"
COMPOSE_BIN="$BENCH_CACHE_DIR/docker-compose-$COMPOSE_VERSION/cli-plugins/docker-compose"
# The go directive of that release's go.mod.
COMPOSE_GO_MIN=1.24.9
# Helm, built from the Go module proxy for the chart checks (scripts/install-kubernetes-tools.sh),
# and kubernetes/check, the strict decoder of a rendered chart, cached per version of its source.
HELM_VERSION="${HELM_VERSION:-4.3.2}"
HELM_BIN="$BENCH_CACHE_DIR/helm-$HELM_VERSION/helm"
KUBE_CHECK_BIN="$BENCH_CACHE_DIR/kube-check-$(cat "$ROOT"/kubernetes/check/go.mod "$ROOT"/kubernetes/check/go.sum \
  "$ROOT"/kubernetes/check/*.go 2>/dev/null | sha256sum | cut -c1-12)/kube-check"
# The go directive of kubernetes/check/go.mod (the Kubernetes API modules need it).
KUBERNETES_GO_MIN=1.26.0
SERVICES=(user-service site-service robot-service)
# The Open Liberty release of the Maven build and its runtime zip in the local Maven repository
# (the install step fetches it; the local container images unpack it).
LIBERTY_RUNTIME_VERSION="$(sed -n 's:.*<liberty.runtime.version>\(.*\)</liberty.runtime.version>.*:\1:p' "$ROOT/pom.xml")"
LIBERTY_RUNTIME_ZIP="$HOME/.m2/repository/io/openliberty/openliberty-runtime/$LIBERTY_RUNTIME_VERSION/openliberty-runtime-$LIBERTY_RUNTIME_VERSION.zip"

# Ports (all on 127.0.0.1): one list, shared with the runner (bench/topology.py).
source "$ROOT/scripts/lib/ports.env"
declare -A REST_PORTS=([user-service]=$REST_USER_SERVICE_PORT [site-service]=$REST_SITE_SERVICE_PORT
  [robot-service]=$REST_ROBOT_SERVICE_PORT)
declare -A GRAPHQL_PORTS=([user-service]=$GRAPHQL_USER_SERVICE_PORT [site-service]=$GRAPHQL_SITE_SERVICE_PORT
  [robot-service]=$GRAPHQL_ROBOT_SERVICE_PORT)

mkdir -p "$BENCH_CACHE_DIR"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ensure_apt_packages cmd:package ... installs the Debian package of each missing command.
ensure_apt_packages() {
  local missing=() spec
  for spec in "$@"; do
    # Several commands can come from one package (prometheus, promtool): list it once.
    command -v "${spec%%:*}" >/dev/null 2>&1 || [[ " ${missing[*]} " == *" ${spec#*:} "* ]] \
      || missing+=("${spec#*:}")
  done
  ((${#missing[@]} == 0)) && return 0
  log "Installing Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
}

# apt_install PACKAGE...: apt-get install as root (or through sudo), dying with the package names.
apt_install() {
  local sudo=""
  [[ $EUID -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

# ensure_router_build_prerequisites: the router's build compiles .proto files that import
# protobuf's well-known types; Debian's protobuf-compiler ships protoc without them
# (libprotobuf-dev has them). Checked by compiling such a file, before the long build starts.
ensure_router_build_prerequisites() {
  ensure_apt_packages protoc:protobuf-compiler
  local well_known=/usr/include/google/protobuf/timestamp.proto
  ensure_apt_file "$well_known" libprotobuf-dev
  local probe
  probe=$(mktemp -d)
  printf 'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\nmessage Probe { google.protobuf.Timestamp at = 1; }\n' \
    >"$probe/probe.proto"
  if ! protoc -I "$probe" --descriptor_set_out=/dev/null "$probe/probe.proto" 2>"$probe/err"; then
    log "protoc cannot compile a file importing google/protobuf/timestamp.proto: $(head -c 300 "$probe/err")"
    rm -rf "$probe"
    die "the router build needs protoc with protobuf's well-known types (Debian: protobuf-compiler libprotobuf-dev)"
  fi
  rm -rf "$probe"
}

# ensure_apt_file PATH PACKAGE: installs the Debian package that provides PATH when it is missing.
ensure_apt_file() {
  local path=$1 package=$2
  [[ -e "$path" ]] && return 0
  log "Installing Debian package $package (for $path)"
  apt_install "$package"
  [[ -e "$path" ]] || die "$package is installed but $path is still missing"
}

# wait_for_url URL NAME TIMEOUT_SECONDS [PID]: polls until URL answers 2xx; fails early if PID dies.
wait_for_url() {
  local url=$1 name=$2 timeout=$3 pid=${4:-} waited=0
  until curl -sf -o /dev/null --max-time 2 "$url"; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      die "$name exited while starting (see its log under $RUN_DIR)"
    fi
    ((waited >= timeout)) && die "$name not ready after ${timeout}s ($url)"
    sleep 1
    waited=$((waited + 1))
  done
  log "$name ready (${waited}s)"
}

require_free_port() {
  local port=$1 name=$2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port (for $name) is already in use: stop what holds it (scripts/stop.sh stops this project's processes)"
  fi
}

# Prefix that pins a command to the CPUs reserved for the system under test, when a placement
# is set: "${SUT_PIN[@]}" command ... (an array, so a background job's $! is the command itself).
SUT_PIN=()
if [[ -n "${SUT_CPUS:-}" ]]; then
  SUT_PIN=(taskset -c "$SUT_CPUS")
fi
source "$ROOT/scripts/lib/cpu-groups.sh"
# sut_run GROUP COMMAND...: the pinned command in its own CPU group (scripts/lib/in-cpu-group.sh);
# it execs, so a background job's $! is still the command.
sut_run() {
  "${SUT_PIN[@]}" "$ROOT/scripts/lib/in-cpu-group.sh" "$@"
}

# docker-compose.yml on this machine: the container engine (a Docker engine when one answers,
# otherwise Debian's podman through its Docker-compatible API) and the images built locally for
# podman, without any registry (scripts/install-images.sh, docs/docker.md). Sourced after
# common.sh.
#
# Images (podman only; Docker users keep the official public images of docker-compose.yml):
#   localhost/rest-vs-graphql/debian:bookworm           debootstrap --variant=minbase, imported
#   localhost/rest-vs-graphql/jre:17                     + Debian's openjdk-17-jre-headless (HotSpot)
#   localhost/rest-vs-graphql/open-liberty:<version>     + the Liberty runtime zip of ~/.m2
#   localhost/rest-vs-graphql/nginx:bookworm             Debian's nginx-light (+ wget)
#   localhost/rest-vs-graphql/router:v<version>          the router binary the install step builds
#   localhost/rest-vs-graphql/<service>                  docker/liberty-service/Dockerfile + the WAR
# Each carries the label rest-vs-graphql.fingerprint: a hash of its Dockerfile, its inputs and its
# parent image, so a changed input rebuilds it and an unchanged one is skipped.

# The podman engine settings (runtime, ulimits, network backend), read through CONTAINERS_CONF by
# every podman command of the project: /etc/containers/containers.conf stays untouched.
CONTAINERS_CONF_FILE="$ROOT/docker/engine/containers.conf"
PODMAN_SOCKET_PATH=/run/podman/podman.sock
PODMAN_DOCKER_HOST="unix://$PODMAN_SOCKET_PATH"
# The compose project (docker-compose.yml's name:); compose labels its containers, networks and
# volumes with com.docker.compose.project=<it>.
COMPOSE_PROJECT=rest-vs-graphql
COMPOSE_PROJECT_LABEL="com.docker.compose.project=$COMPOSE_PROJECT"
# The API service, the healthcheck ticker, their pid files and logs.
CONTAINERS_RUN_DIR="$RUN_DIR/containers"

IMAGE_PREFIX=localhost/rest-vs-graphql
DEBIAN_IMAGE="$IMAGE_PREFIX/debian:bookworm"
JRE_IMAGE="$IMAGE_PREFIX/jre:17"
LIBERTY_BASE_IMAGE="$IMAGE_PREFIX/open-liberty:$LIBERTY_RUNTIME_VERSION"
LOCAL_NGINX_IMAGE="$IMAGE_PREFIX/nginx:bookworm"
LOCAL_ROUTER_IMAGE="$IMAGE_PREFIX/router:v$ROUTER_VERSION"
FINGERPRINT_LABEL=rest-vs-graphql.fingerprint
# Staged build contexts (the Liberty runtime, the router binary, the Debian root file system):
# outside the repository, removed after each build.
IMAGE_BUILD_DIR="$BENCH_CACHE_DIR/images"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
# What the container engine needs from Debian: podman with runc (crun fails on this kind of
# machine), netavark and aardvark-dns (compose networks with name resolution), iptables (netavark's
# NAT and published ports), debootstrap (the base image), unzip (the Liberty runtime into its image).
CONTAINER_PACKAGES=(podman:podman runc:runc debootstrap:debootstrap iptables:iptables unzip:unzip)
CONTAINER_PACKAGE_FILES=(/usr/lib/podman/netavark:netavark /usr/lib/podman/aardvark-dns:aardvark-dns)

# The containers of one architecture: compose services, and the local-mode port each publishes
# its 9080 at (scripts/lib/ports.env).
compose_services() {
  case "$1" in
    rest) echo nginx rest-user-service rest-site-service rest-robot-service ;;
    graphql) echo router graphql-user-service graphql-site-service graphql-robot-service ;;
    *) die "unknown architecture '$1'" ;;
  esac
}
# compose_container ARCH SERVICE: the container name compose gives an instance.
compose_container() { echo "$COMPOSE_PROJECT-$1-$2-1"; }

# project_podman ARGS...: podman with the project's engine settings. Without systemd, podman 4.3
# logs an error for every healthcheck timer it cannot create or remove (the ticker below runs the
# checks instead): those lines are dropped, every other message is kept.
project_podman() {
  CONTAINERS_CONF="$CONTAINERS_CONF_FILE" podman "$@" 2> >(grep -v 'unable to get systemd connection' >&2)
}

# deploy_mode: BENCH_DEPLOY, local (default: processes on the host) or compose (containers).
deploy_mode() {
  case "${BENCH_DEPLOY:-local}" in
    local | compose) echo "${BENCH_DEPLOY:-local}" ;;
    *) die "BENCH_DEPLOY must be local or compose, not '${BENCH_DEPLOY}'" ;;
  esac
}

# container_engine: docker when DOCKER_HOST names an engine other than the podman service, or a
# Docker engine answers on its default socket; podman otherwise (when installed). A leading
# BENCH_CONTAINER_ENGINE=docker|podman decides instead.
container_engine() {
  if [[ -n "${BENCH_CONTAINER_ENGINE:-}" ]]; then
    echo "$BENCH_CONTAINER_ENGINE"
  elif [[ -n "${DOCKER_HOST:-}" && "$DOCKER_HOST" != "$PODMAN_DOCKER_HOST" ]]; then
    echo docker
  elif [[ -S /var/run/docker.sock ]] && command -v docker >/dev/null && docker version >/dev/null 2>&1; then
    echo docker
  elif command -v podman >/dev/null; then
    echo podman
  else
    echo none
  fi
}

# --- Installing the engine and the images --------------------------------------------------------

ensure_container_packages() {
  ensure_apt_packages "${CONTAINER_PACKAGES[@]}"
  local spec
  for spec in "${CONTAINER_PACKAGE_FILES[@]}"; do
    ensure_apt_file "${spec%%:*}" "${spec#*:}"
  done
}

image_label() {
  project_podman image inspect --format "{{index .Labels \"$FINGERPRINT_LABEL\"}}" "$1" 2>/dev/null || true
}
image_id() { project_podman image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
image_size() { project_podman image inspect --format '{{.Size}}' "$1" 2>/dev/null | awk '{ printf "%d MB", $1 / 1e6 }'; }

# fingerprint TEXT... : sha256 of the files among the arguments (their contents) and the other
# arguments (as text). Large inputs are given as "stat" lines by the callers (size and time).
fingerprint() {
  local item
  for item in "$@"; do
    if [[ -f "$item" ]]; then sha256sum <"$item"; else printf '%s\n' "$item"; fi
  done | sha256sum | cut -c1-32
}
# file_stamp FILE: path, size and modification time, a cheap stand-in for a large file's hash.
file_stamp() { stat -c '%n %s %Y' "$1"; }

# build_image IMAGE FINGERPRINT LOG CONTEXT podman-build-arguments...: podman build, labelled
# with FINGERPRINT, skipped when IMAGE already carries it; logs its time and size.
build_image() {
  local image=$1 fp=$2 log_file=$3 context=$4 started
  shift 4
  if [[ "$(image_label "$image")" == "$fp" ]]; then
    log "Image $image is up to date"
    return 0
  fi
  log "Building image $image (log $log_file)"
  started=$(date +%s)
  mkdir -p "$(dirname "$log_file")"
  project_podman build --label "$FINGERPRINT_LABEL=$fp" --tag "$image" "$@" "$context" >"$log_file" 2>&1 \
    || die "building $image failed; see $log_file"
  log "Image $image built in $(( $(date +%s) - started )) s ($(image_size "$image"))"
  # The replaced image's layers, if any (only untagged images: nothing else is touched).
  project_podman image prune --force --filter "label=$FINGERPRINT_LABEL" >/dev/null 2>&1 || true
}

# The base images, in order; each fingerprint includes its parent's id, so a rebuilt parent
# rebuilds its children.
debian_image_fingerprint() {
  fingerprint "$ROOT/docker/debian/Dockerfile" "debootstrap minbase bookworm $DEBIAN_MIRROR $DEBIAN_SECURITY_MIRROR"
}

build_debian_image() {
  local fp started context="$IMAGE_BUILD_DIR/debian" log_file="$IMAGE_BUILD_DIR/debian.log"
  fp=$(debian_image_fingerprint)
  if [[ "$(image_label "$DEBIAN_IMAGE")" == "$fp" ]]; then
    log "Image $DEBIAN_IMAGE is up to date"
    return 0
  fi
  log "Creating a Debian bookworm root file system with debootstrap --variant=minbase from $DEBIAN_MIRROR (log $log_file)"
  started=$(date +%s)
  rm -rf "$context"
  mkdir -p "$context"
  debootstrap --variant=minbase bookworm "$context/rootfs" "$DEBIAN_MIRROR" >"$log_file" 2>&1 \
    || die "debootstrap failed; see $log_file"
  rm -rf "$context/rootfs/var/cache/apt/archives/"*.deb "$context/rootfs/var/lib/apt/lists/"*
  tar -C "$context/rootfs" --numeric-owner -cf "$context/rootfs.tar" . || die "could not pack the root file system"
  rm -rf "$context/rootfs"
  log "Root file system created in $(( $(date +%s) - started )) s"
  build_image "$DEBIAN_IMAGE" "$fp" "$IMAGE_BUILD_DIR/debian-build.log" "$context" \
    --file "$ROOT/docker/debian/Dockerfile" \
    --build-arg "DEBIAN_MIRROR=$DEBIAN_MIRROR" --build-arg "DEBIAN_SECURITY_MIRROR=$DEBIAN_SECURITY_MIRROR"
  rm -rf "$context"
}

jre_image_fingerprint() { fingerprint "$ROOT/docker/jre/Dockerfile" "$(image_id "$DEBIAN_IMAGE")"; }
liberty_base_image_fingerprint() {
  fingerprint "$ROOT/docker/open-liberty/Dockerfile" "$(file_stamp "$LIBERTY_RUNTIME_ZIP")" "$(image_id "$JRE_IMAGE")"
}
nginx_image_fingerprint() { fingerprint "$ROOT/docker/nginx/Dockerfile" "$(image_id "$DEBIAN_IMAGE")"; }
router_image_fingerprint() {
  fingerprint "$ROOT/docker/router/Dockerfile" "$(file_stamp "$ROUTER_BIN")" "$(image_id "$DEBIAN_IMAGE")"
}

build_jre_image() {
  local fp
  fp=$(jre_image_fingerprint)
  build_image "$JRE_IMAGE" "$fp" "$IMAGE_BUILD_DIR/jre.log" "$ROOT/docker/jre" \
    --file "$ROOT/docker/jre/Dockerfile" --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
}

build_liberty_base_image() {
  [[ -f "$LIBERTY_RUNTIME_ZIP" ]] || die "the Open Liberty runtime is missing ($LIBERTY_RUNTIME_ZIP): run the install step"
  local fp context="$IMAGE_BUILD_DIR/open-liberty"
  fp=$(liberty_base_image_fingerprint)
  [[ "$(image_label "$LIBERTY_BASE_IMAGE")" == "$fp" ]] && { log "Image $LIBERTY_BASE_IMAGE is up to date"; return 0; }
  log "Unpacking the Open Liberty $LIBERTY_RUNTIME_VERSION runtime into the build context $context"
  rm -rf "$context"
  mkdir -p "$context"
  unzip -q "$LIBERTY_RUNTIME_ZIP" -d "$context" || die "could not unpack $LIBERTY_RUNTIME_ZIP"
  chmod -R g+rwX "$context/wlp"
  build_image "$LIBERTY_BASE_IMAGE" "$fp" "$IMAGE_BUILD_DIR/open-liberty.log" "$context" \
    --file "$ROOT/docker/open-liberty/Dockerfile" --build-arg "JRE_IMAGE=$JRE_IMAGE"
  rm -rf "$context"
}

build_nginx_image() {
  local fp
  fp=$(nginx_image_fingerprint)
  build_image "$LOCAL_NGINX_IMAGE" "$fp" "$IMAGE_BUILD_DIR/nginx.log" "$ROOT/docker/nginx" \
    --file "$ROOT/docker/nginx/Dockerfile" --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
}

build_router_image() {
  [[ -x "$ROUTER_BIN" ]] || die "the Apollo Router is not built ($ROUTER_BIN): run scripts/install-router.sh"
  local fp context="$IMAGE_BUILD_DIR/router"
  fp=$(router_image_fingerprint)
  [[ "$(image_label "$LOCAL_ROUTER_IMAGE")" == "$fp" ]] && { log "Image $LOCAL_ROUTER_IMAGE is up to date"; return 0; }
  rm -rf "$context"
  mkdir -p "$context"
  cp "$ROUTER_BIN" "$context/router"
  build_image "$LOCAL_ROUTER_IMAGE" "$fp" "$IMAGE_BUILD_DIR/router.log" "$context" \
    --file "$ROOT/docker/router/Dockerfile" --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
  rm -rf "$context"
}

# base_images_current: every base image is built and carries the fingerprint of its current
# Dockerfile and inputs (a few podman calls; large inputs are compared by size and time).
base_images_current() {
  command -v podman >/dev/null || return 1
  [[ -f "$LIBERTY_RUNTIME_ZIP" && -x "$ROUTER_BIN" ]] || return 1
  [[ "$(image_label "$DEBIAN_IMAGE")" == "$(debian_image_fingerprint)" ]] || return 1
  [[ "$(image_label "$JRE_IMAGE")" == "$(jre_image_fingerprint)" ]] || return 1
  [[ "$(image_label "$LIBERTY_BASE_IMAGE")" == "$(liberty_base_image_fingerprint)" ]] || return 1
  [[ "$(image_label "$LOCAL_NGINX_IMAGE")" == "$(nginx_image_fingerprint)" ]] || return 1
  [[ "$(image_label "$LOCAL_ROUTER_IMAGE")" == "$(router_image_fingerprint)" ]] || return 1
}

# The service images: docker/liberty-service/Dockerfile (the one Docker users build through
# compose) on the local Liberty base. They change with every WAR build, so the start path calls
# refresh_service_images, which rebuilds only those whose inputs changed (about a second when
# nothing did).
service_image() { echo "$IMAGE_PREFIX/$1"; }

service_image_fingerprint() {
  local service=$1
  fingerprint "$ROOT/docker/liberty-service/Dockerfile" "$ROOT/liberty/config/server.xml" \
    "$ROOT/liberty/config/jvm.options" "$ROOT/$service/target/$service.war" "$(image_id "$LIBERTY_BASE_IMAGE")"
}

refresh_service_images() {
  local service war
  for service in "${SERVICES[@]}"; do
    war="$ROOT/$service/target/$service.war"
    [[ -f "$war" ]] || die "$war is missing: run scripts/build.sh"
    # The build context is the repository root, as for Docker; only the Dockerfile's COPY
    # sources are read (liberty/config, the WAR).
    build_image "$(service_image "$service")" "$(service_image_fingerprint "$service")" \
      "$IMAGE_BUILD_DIR/$service.log" "$ROOT" \
      --file "$ROOT/docker/liberty-service/Dockerfile" \
      --build-arg "SERVICE=$service" --build-arg "LIBERTY_IMAGE=$LIBERTY_BASE_IMAGE"
  done
}

# compose_image_environment: docker-compose.yml's image variables, pointed at the local images
# (a value the caller set is kept).
compose_image_environment() {
  export NGINX_IMAGE="${NGINX_IMAGE:-$LOCAL_NGINX_IMAGE}"
  export ROUTER_IMAGE="${ROUTER_IMAGE:-$LOCAL_ROUTER_IMAGE}"
  export LIBERTY_IMAGE="${LIBERTY_IMAGE:-$LIBERTY_BASE_IMAGE}"
  export SERVICE_IMAGE_PREFIX="${SERVICE_IMAGE_PREFIX:-$IMAGE_PREFIX}"
}

# --- The podman API service and the healthcheck ticker -------------------------------------------

# run_detached PID_FILE LOG COMMAND...: starts COMMAND in its own session (a Ctrl-C of the caller
# does not reach it), at normal priority on every online CPU whatever the caller's placement:
# containers inherit the API service's priority and CPU affinity.
run_detached() {
  local pid_file=$1 log_file=$2 cpus
  shift 2
  cpus=$(cat /sys/devices/system/cpu/online)
  mkdir -p "$CONTAINERS_RUN_DIR"
  local renice=()
  (( $(nice) != 0 )) && [[ $EUID -eq 0 ]] && renice=(nice -n "$(( -$(nice) ))")
  # (fd 9, the lock below, is not passed on)
  setsid "${renice[@]}" taskset -c "$cpus" "$@" </dev/null >>"$log_file" 2>&1 9>&- &
  echo $! >"$pid_file"
}

pid_file_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

podman_service_answers() {
  curl -sf -o /dev/null --max-time 2 --unix-socket "$PODMAN_SOCKET_PATH" http://d/_ping
}

# ensure_podman_service: podman's Docker-compatible API on /run/podman/podman.sock; started once
# (pid file and log in .run/containers/) unless something already answers there.
ensure_podman_service() {
  podman_service_answers && return 0
  mkdir -p "$CONTAINERS_RUN_DIR"
  # One start at a time (callers may run in parallel).
  (
    flock 9
    podman_service_answers && exit 0
    pid_file="$CONTAINERS_RUN_DIR/podman-service.pid" waited=0
    pid_file_alive "$pid_file" || {
      log "Starting podman's Docker-compatible API service on $PODMAN_SOCKET_PATH (log $CONTAINERS_RUN_DIR/podman-service.log)"
      mkdir -p "$(dirname "$PODMAN_SOCKET_PATH")"
      rm -f "$PODMAN_SOCKET_PATH"
      # conmon writes a file named "oom" into the directory it inherits whenever a container is
      # OOM-killed: not into the caller's (the project root, say).
      cd "$CONTAINERS_RUN_DIR"
      CONTAINERS_CONF="$CONTAINERS_CONF_FILE" run_detached "$pid_file" "$CONTAINERS_RUN_DIR/podman-service.log" \
        podman system service --time=0 "$PODMAN_DOCKER_HOST"
    }
    until podman_service_answers; do
      pid_file_alive "$pid_file" || die "podman's API service exited; see $CONTAINERS_RUN_DIR/podman-service.log"
      ((waited >= 100)) && die "podman's API service does not answer on $PODMAN_SOCKET_PATH after 10 s"
      sleep 0.1
      waited=$((waited + 1))
    done
  ) 9>"$CONTAINERS_RUN_DIR/.lock" || exit 1
}

stop_podman_service() {
  local pid_file="$CONTAINERS_RUN_DIR/podman-service.pid"
  [[ -f "$pid_file" ]] || return 0
  if pid_file_alive "$pid_file"; then
    log "Stopping podman's API service (pid $(cat "$pid_file"))"
    stop_pid "$(cat "$pid_file")"
    rm -f "$PODMAN_SOCKET_PATH"
  fi
  rm -f "$pid_file"
}

# stop_pid PID: TERM, then KILL after 10 s.
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  local _
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$1" 2>/dev/null || true
}

# Without systemd podman never runs the containers' healthchecks (it schedules them as systemd
# timers), so `up --wait` would never see a container healthy, nor would a service that waits for
# another one's health start. The ticker runs them instead while a compose command that starts
# containers runs: every 2 s it runs `podman healthcheck run` for each running project container
# whose interval (the compose file's, as Docker would) has passed, and exits once no such compose
# command has run for 6 s. So no check runs while the benchmark loads the stack: each podman call
# costs this host about 0.1 s of CPU, and checking four containers every 5 s took 7 % of a core
# (measured on 2026-12-06), which Docker's own scheduler does not cost. ensure_health_ticker
# starts it (scripts/docker.sh, before such a command).
HEALTH_TICKER_PID_FILE="$CONTAINERS_RUN_DIR/healthcheck-ticker.pid"

ensure_health_ticker() {
  pid_file_alive "$HEALTH_TICKER_PID_FILE" && return 0
  mkdir -p "$CONTAINERS_RUN_DIR"
  (
    flock 9
    pid_file_alive "$HEALTH_TICKER_PID_FILE" && exit 0
    run_detached "$HEALTH_TICKER_PID_FILE" "$CONTAINERS_RUN_DIR/healthcheck-ticker.log" \
      bash -c 'source "$1/scripts/lib/common.sh" && source "$1/scripts/lib/containers.sh" && run_health_ticker' \
      health-ticker "$ROOT"
  ) 9>"$CONTAINERS_RUN_DIR/.lock"
}

stop_health_ticker() {
  pid_file_alive "$HEALTH_TICKER_PID_FILE" && stop_pid "$(cat "$HEALTH_TICKER_PID_FILE")"
  rm -f "$HEALTH_TICKER_PID_FILE"
}

# compose_starting: whether a compose command that creates or starts containers is running
# (scripts/docker.sh runs Compose as COMPOSE_BIN ARGS...).
compose_starting() {
  pgrep -f -- "$COMPOSE_BIN .* (up|start|restart|run|create)( |\$)" >/dev/null
}

run_health_ticker() {
  local -A interval=() last=()
  local idle=0 id now due listing
  log "healthcheck ticker started (pid $$)"
  trap 'log "healthcheck ticker stopped"; exit 0' TERM INT
  while :; do
    if ! compose_starting; then
      idle=$((idle + 2))
      if ((idle >= 6)); then
        log "no compose command is starting containers: healthcheck ticker exits"
        rm -f "$HEALTH_TICKER_PID_FILE"
        exit 0
      fi
    else
      idle=0
      now=${EPOCHREALTIME/./}
      # Running ones only: podman cannot run a check in a paused (frozen) container.
      listing=$(project_podman ps -q --no-trunc --filter "label=$COMPOSE_PROJECT_LABEL" --filter status=running 2>/dev/null) \
        || listing=""
      while read -r id; do
        [[ -n "$id" ]] || continue
        if [[ -z "${interval[$id]:-}" ]]; then
          # Microseconds; "none" when the container has no healthcheck.
          interval[$id]=$(project_podman inspect --format \
            '{{if .Config.Healthcheck}}{{.Config.Healthcheck.Interval.Microseconds}}{{else}}none{{end}}' "$id" 2>/dev/null) \
            || continue
          [[ "${interval[$id]}" == 0 ]] && interval[$id]=30000000  # Docker's default interval
        fi
        [[ "${interval[$id]}" == none ]] && continue
        # Due once its interval has passed, give or take half a tick.
        due=$(( ${last[$id]:-0} + ${interval[$id]} - 1000000 ))
        ((now >= due)) || continue
        last[$id]=$now
        # Bounded: podman 4.3 reports a check that outlives its timeout but does not stop it.
        timeout 60 env CONTAINERS_CONF="$CONTAINERS_CONF_FILE" podman healthcheck run "$id" >/dev/null 2>&1 &
      done <<<"$listing"
      wait
    fi
    sleep 2
  done
}

# --- Starting and stopping an architecture in containers -----------------------------------------

# start_compose_architecture rest|graphql: the architecture's compose profile, up and healthy,
# published at local mode's ports. Rebuilds the service images whose WAR changed first (podman).
start_compose_architecture() {
  local arch=$1 engine started port
  engine=$(container_engine)
  [[ "$engine" != none ]] || die "no container engine: install Docker, or run scripts/install-images.sh (podman)"
  # Containers are per-component CPU groups by nature (weights: the *_CPU_SHARES variables).
  [[ "${SUT_CPU_GROUPS:-per-component}" == per-component ]] \
    || log "SUT_CPU_GROUPS=${SUT_CPU_GROUPS} does not apply in compose mode: every container has a CPU cgroup of its own"
  # The WARs the service images copy.
  local service
  for service in "${SERVICES[@]}"; do
    [[ -f "$ROOT/$service/target/$service.war" ]] || { "$ROOT/scripts/build.sh"; break; }
  done
  if [[ "$engine" == podman ]]; then
    base_images_current || "$ROOT/scripts/install-images.sh"
    refresh_service_images
  fi
  # The ports the containers publish (local mode's), free as local mode requires them.
  local -n ports="${arch^^}_PORTS"
  local published=("${ports[@]}") name
  case "$arch" in
    rest) published+=("$GATEWAY_PORT" "$NGINX_STATUS_PORT"); name=REST ;;
    graphql) published+=("$ROUTER_PORT" "$ROUTER_HEALTH_PORT" "$ROUTER_METRICS_PORT"); name="GraphQL Federation" ;;
  esac
  for port in "${published[@]}"; do
    require_free_port "$port" "the $arch architecture's containers"
  done
  log "Starting the $name architecture in containers (compose profile $arch, $engine; simulated latency ${SIMULATED_LATENCY_MS:-10} ms${SUT_CPUS:+, cpuset $SUT_CPUS})"
  started=$(date +%s)
  if ! "$ROOT/scripts/docker.sh" compose --progress plain --profile "$arch" up --detach --wait --wait-timeout 300; then
    log "compose up failed; the containers' states and last log lines:"
    "$ROOT/scripts/docker.sh" compose --profile "$arch" ps --all >&2 || true
    "$ROOT/scripts/docker.sh" compose --profile "$arch" logs --tail 20 >&2 || true
    stop_compose_architecture "$arch"
    die "the $arch architecture did not come up in containers"
  fi
  log "$name containers healthy ($(( $(date +%s) - started )) s)"
}

# project_containers / project_container_names: every container of the compose project (any
# state).
project_containers() {
  case "$(container_engine)" in
    podman) project_podman ps -a -q --filter "label=$COMPOSE_PROJECT_LABEL" ;;
    docker) docker ps -a -q --filter "label=$COMPOSE_PROJECT_LABEL" ;;
  esac
}
project_container_names() {
  case "$(container_engine)" in
    podman) project_podman ps -a --format '{{.Names}}' --filter "label=$COMPOSE_PROJECT_LABEL" ;;
    docker) docker ps -a --format '{{.Names}}' --filter "label=$COMPOSE_PROJECT_LABEL" ;;
  esac
}

# stop_compose_architecture rest|graphql: removes that architecture's containers (and their
# anonymous volumes); the network too when no project container is left.
stop_compose_architecture() {
  local arch=$1 engine services
  engine=$(container_engine)
  [[ "$engine" != none ]] || return 0
  read -ra services <<<"$(compose_services "$arch")"
  local names=() service
  for service in "${services[@]}"; do names+=("$COMPOSE_PROJECT-$service-1"); done
  local existing
  existing=$(project_container_names | grep -Fx -f <(printf '%s\n' "${names[@]}") || true)
  if [[ -n "$existing" ]]; then
    log "Removing the $arch containers: $(echo $existing)"
    "$ROOT/scripts/docker.sh" compose --profile "$arch" rm --stop --force --volumes "${services[@]}" >/dev/null 2>&1 \
      || die "could not remove the $arch containers"
  fi
  if [[ -z "$(project_containers)" ]]; then
    remove_project_networks
    [[ "$engine" == podman ]] && stop_health_ticker
  fi
  return 0
}

# remove_each "PODMAN SUBCOMMAND" ID...: one podman call for all the ids, none without ids.
remove_each() {
  local command=$1
  shift
  (($# > 0)) || return 0
  # shellcheck disable=SC2086  # the subcommand's words
  project_podman $command "$@" >/dev/null
}

remove_project_networks() {
  # Quietly: a network still in use (the other architecture's containers) stays.
  case "$(container_engine)" in
    podman) remove_each "network rm" $(project_podman network ls -q --filter "label=$COMPOSE_PROJECT_LABEL") 2>/dev/null ;;
    docker) docker network ls -q --filter "label=$COMPOSE_PROJECT_LABEL" | xargs -r docker network rm >/dev/null 2>&1 ;;
  esac
  return 0
}

# stop_all_containers: everything of the compose project (containers, networks, volumes), the
# healthcheck ticker, the API service the scripts started and netavark's leftover firewall chains.
# Cheap when there is nothing (one podman call; nothing at all without an engine).
stop_all_containers() {
  local engine
  engine=$(container_engine)
  case "$engine" in
    podman)
      local ids
      ids=$(project_podman ps -a -q --filter "label=$COMPOSE_PROJECT_LABEL")
      if [[ -n "$ids" ]]; then
        log "Removing the project's containers"
        # --time: SIGTERM first, SIGKILL after 10 s (a frozen container is thawed by rm -f).
        remove_each "rm --force --volumes --time 10" $ids
      fi
      remove_each "network rm" $(project_podman network ls -q --filter "label=$COMPOSE_PROJECT_LABEL")
      remove_each "volume rm" $(project_podman volume ls -q --filter "label=$COMPOSE_PROJECT_LABEL")
      # Service images a WAR rebuild replaced while a container still used them.
      project_podman image prune --force --filter "label=$FINGERPRINT_LABEL" >/dev/null || true
      stop_health_ticker
      stop_podman_service
      remove_netavark_chains
      ;;
    docker)
      [[ -n "$(project_containers)$(docker network ls -q --filter "label=$COMPOSE_PROJECT_LABEL")" ]] || return 0
      log "Removing the project's containers, networks and volumes"
      "$ROOT/scripts/docker.sh" compose --profile all down --volumes --remove-orphans >/dev/null 2>&1 || true
      ;;
  esac
  rmdir "$CONTAINERS_RUN_DIR" 2>/dev/null || true
}

# remove_netavark_chains: netavark leaves its iptables chains behind after its last network is
# gone; removed once no podman container and no network but podman's default one exists.
remove_netavark_chains() {
  command -v iptables >/dev/null || return 0
  [[ -z "$(project_podman ps -a -q)" ]] || return 0
  [[ -z "$(project_podman network ls --format '{{.Name}}' | grep -vx podman || true)" ]] || return 0
  local table chains chain
  for table in nat filter; do
    chains=$(iptables -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^NETAVARK/ { print $2 }')
    [[ -n "$chains" ]] || continue
    # The jumps into them from the built-in chains, then the chains themselves.
    iptables -t "$table" -S 2>/dev/null | awk '$1 == "-A" && /-j NETAVARK/ && $2 !~ /^NETAVARK/' | while read -r rule; do
      eval "iptables -t $table ${rule/-A /-D }" 2>/dev/null || true
    done
    for chain in $chains; do iptables -t "$table" -F "$chain" 2>/dev/null || true; done
    for chain in $chains; do iptables -t "$table" -X "$chain" 2>/dev/null || true; done
  done
}

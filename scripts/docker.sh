#!/usr/bin/env bash
# The Docker CLI against this machine's container engine, for docker-compose.yml:
#   scripts/docker.sh compose ARGS...     Docker Compose (the project's file and folder unless ARGS
#                                         name a file with -f/--file)
#   scripts/docker.sh ARGS...             any other docker command (inspect, ps, logs, kill, ...)
# With a Docker engine (DOCKER_HOST set to one, or Docker answering on its socket) it runs docker
# as it is, with the official images of docker-compose.yml. Otherwise podman is the engine (its
# engine settings: docker/engine/containers.conf, through CONTAINERS_CONF):
#   - podman's Docker-compatible API service is started on unix:///run/podman/podman.sock when
#     nothing answers there (pid file and log in .run/containers/; scripts/stop.sh stops it), and
#     DOCKER_HOST points at it;
#   - compose is the Docker Compose the install step builds (COMPOSE_BIN, scripts/install-compose.sh)
#     and the image variables of docker-compose.yml name the local images (scripts/install-images.sh):
#     NGINX_IMAGE, ROUTER_IMAGE, LIBERTY_IMAGE, SERVICE_IMAGE_PREFIX (values already set are kept);
#   - before a compose `up`, `run`, `start`, `restart` or `create`, a healthcheck ticker starts
#     (podman runs no healthchecks without systemd); it ends once no project container is left;
#   - other commands go to the docker client, or to podman itself when there is none.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/containers.sh"

(($# > 0)) || die "usage: $0 compose ARGS... | $0 DOCKER-ARGS..."
engine=$(container_engine)

# compose_command: how to run Docker Compose here, in the array `compose`.
compose_command() {
  if [[ "$engine" == docker ]] && docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  elif [[ -x "$COMPOSE_BIN" ]]; then
    compose=("$COMPOSE_BIN")
  else
    die "Docker Compose is missing: install Docker's compose plugin, or build it with scripts/install-compose.sh"
  fi
  # The project's file, from any folder, unless the caller names one.
  local argument
  for argument in "$@"; do
    case "$argument" in -f | --file | --file=* | -f?*) return 0 ;; esac
  done
  compose+=(--project-directory "$ROOT" --file "$ROOT/docker-compose.yml")
}

# compose_starts ARGS...: whether the compose command creates or starts containers.
compose_starts() {
  local argument
  for argument in "$@"; do
    case "$argument" in up | run | start | restart | create) return 0 ;; esac
  done
  return 1
}

case "$engine" in
  docker)
    if [[ "$1" == compose ]]; then
      compose_command "${@:2}"
      exec "${compose[@]}" "${@:2}"
    fi
    exec docker "$@"
    ;;
  podman) ;;
  *) die "no container engine: install Docker, or podman with scripts/install-images.sh" ;;
esac

export CONTAINERS_CONF="$CONTAINERS_CONF_FILE"
if [[ "$1" == compose ]]; then
  compose_command "${@:2}"
  ensure_podman_service
  export DOCKER_HOST="$PODMAN_DOCKER_HOST"
  compose_image_environment
  compose_starts "${@:2}" && ensure_health_ticker
  exec "${compose[@]}" "${@:2}"
fi
if command -v docker >/dev/null; then
  ensure_podman_service
  DOCKER_HOST="$PODMAN_DOCKER_HOST" exec docker "$@"
fi
exec podman "$@"

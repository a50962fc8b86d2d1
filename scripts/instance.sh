#!/usr/bin/env bash
# Stops, kills, freezes or starts one service instance of a running architecture, for fault
# injection:
#   scripts/instance.sh stop|kill|freeze|thaw|start rest|graphql user-service|site-service|robot-service
# "stop" shuts down gracefully, "kill" sends SIGKILL (a crash), "freeze" SIGSTOP (a hung
# service: port open, no answers) and "thaw" SIGCONT; "start" returns when the instance is ready
# again.
# BENCH_DEPLOY=compose acts on the instance's container (scripts/docker.sh): stop = docker stop
# (SIGTERM, Liberty's graceful stop), kill = docker kill --signal KILL (SIGKILL to the JVM, the
# container's process 1; a killed container stays down, as a killed local instance does, since
# the engine counts a kill as a user's stop and does not apply restart: unless-stopped),
# freeze/thaw = docker pause/unpause (the cgroup freezer: the port stays open, nothing answers),
# start = docker start, then the same readiness wait on the same port as local mode.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/liberty.sh"
source "$ROOT/scripts/lib/containers.sh"

usage() { die "usage: $0 stop|kill|freeze|thaw|start rest|graphql user-service|site-service|robot-service"; }
(($# == 3)) || usage
action=$1 arch=$2 service=$3
[[ "$arch" == rest || "$arch" == graphql ]] || usage
[[ " ${SERVICES[*]} " == *" $service "* ]] || usage
declare -n ports="${arch^^}_PORTS"
deploy=$(deploy_mode)

if [[ "$deploy" == compose ]]; then
  container=$(compose_container "$arch" "$service")
  docker_cli() { "$ROOT/scripts/docker.sh" "$@"; }
  state() { docker_cli inspect --format '{{.State.Status}}' "$container" 2>/dev/null || echo missing; }
  [[ "$(state)" != missing ]] || die "$service ($arch) has no container ($container): start the architecture first"
  case "$action" in
    stop)
      log "Stopping $service ($arch), container $container"
      docker_cli stop "$container" >/dev/null
      ;;
    kill)
      log "Killing $service ($arch), container $container (JVM pid $(docker_cli inspect --format '{{.State.Pid}}' "$container"))"
      docker_cli kill --signal KILL "$container" >/dev/null
      while [[ "$(state)" == running ]]; do sleep 0.05; done
      ;;
    freeze)
      log "Freezing $service ($arch), container $container"
      docker_cli pause "$container" >/dev/null
      ;;
    thaw)
      log "Thawing $service ($arch), container $container"
      docker_cli unpause "$container" >/dev/null
      ;;
    start)
      log "Starting $service ($arch), container $container"
      docker_cli start "$container" >/dev/null
      wait_for_url "http://127.0.0.1:${ports[$service]}/health/ready" "$service ($arch)" 180
      ;;
    *) usage ;;
  esac
  exit 0
fi

case "$action" in
  stop) stop_liberty "$service" "$arch" ;;
  kill) kill_liberty "$service" "$arch" ;;
  freeze) freeze_liberty "$service" "$arch" ;;
  thaw) thaw_liberty "$service" "$arch" ;;
  start)
    start_liberty "$service" "$arch" "${ports[$service]}"
    wait_for_url "http://127.0.0.1:${ports[$service]}/health/ready" "$service ($arch)" 180
    ;;
  *) usage ;;
esac

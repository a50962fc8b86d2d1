#!/usr/bin/env bash
# Stops, kills, freezes or starts one service instance of a running architecture, for fault
# injection:
#   scripts/instance.sh stop|kill|freeze|thaw|start rest|graphql user-service|site-service|robot-service
# "stop" shuts down gracefully, "kill" sends SIGKILL (a crash), "freeze" SIGSTOP (a hung
# service: port open, no answers) and "thaw" SIGCONT; "start" returns when the instance is ready
# again.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/liberty.sh"

usage() { die "usage: $0 stop|kill|freeze|thaw|start rest|graphql user-service|site-service|robot-service"; }
(($# == 3)) || usage
action=$1 arch=$2 service=$3
[[ "$arch" == rest || "$arch" == graphql ]] || usage
[[ " ${SERVICES[*]} " == *" $service "* ]] || usage
declare -n ports="${arch^^}_PORTS"

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
